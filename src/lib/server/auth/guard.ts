import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { localizeHref } from '$lib/paraglide/runtime';

import type { StaffRole } from '$lib/types';

export type { StaffRole };

/** The signed-in person of a request, whatever the auth mode (local accounts or Supabase Auth). */
export interface SessionUser {
	id: string;
	email: string;
	/** null: signed in, but no staff role (authenticated without a role). */
	role: StaffRole | null;
}

/** Read access to the organizer views (council is read-only). */
export const STAFF: readonly StaffRole[] = ['organizer', 'council', 'admin'];
/** Write access: organizers and admins. */
export const EDITORS: readonly StaffRole[] = ['organizer', 'admin'];
export const ADMINS: readonly StaffRole[] = ['admin'];

interface GuardEvent {
	locals: App.Locals;
	url: URL;
}

/**
 * Page-level gate for /panel: anyone without a session goes to the login page (and comes back
 * after signing in); a signed-in user without the role gets 403. RLS still decides every row.
 */
export function requireRole(event: GuardEvent, roles: readonly StaffRole[] = STAFF): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const next = `${event.url.pathname}${event.url.search}`;
		// The login page in the visitor's language.
		redirect(303, `${localizeHref('/logowanie')}?next=${encodeURIComponent(next)}`);
	}
	if (!user.role || !roles.includes(user.role)) error(403, m.legal_forbidden());
	return user;
}
