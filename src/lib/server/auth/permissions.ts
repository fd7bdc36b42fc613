import { error, redirect } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';

import type { StaffRole } from '$lib/types';

export type { StaffRole };

/** The signed-in person of a request, whatever the auth mode (local accounts or Supabase Auth). */
export interface SessionUser {
	id: string;
	email: string;
	/** null: signed in, but without a staff role (a resident, or an account not yet given a role). */
	role: StaffRole | null;
}

/**
 * Who may do what: the one place the app turns a role into a decision. Loads, actions and
 * endpoints ask `can` or `requirePermission`; pages receive the resulting booleans.
 *
 * This is a gate in front of the database, not a replacement for it: RLS decides every row, with
 * the SQL helpers of `…_roles_and_triggers.sql`. Each action is granted to exactly the roles of
 * the helper that enforces the same rule in the policies and definer functions:
 *
 * | Level  | SQL helper             | Roles                      | Actions                                                                                  |
 * | ------ | ---------------------- | -------------------------- | ---------------------------------------------------------------------------------------- |
 * | staff  | `private.is_staff()`   | organizer, council, admin  | read_panel, see_exact_figures                                                            |
 * | editor | `private.is_editor()`  | organizer, admin           | moderate, edit_resources, edit_activities, plan, edit_village_fund, run_consultations, edit_diagnoses, edit_plans |
 * | admin  | `private.is_admin()`   | admin                      | manage_users, manage_area, edit_legal_pages, read_audit, read_outbox                     |
 *
 * Council members are staff but not editors: they read every panel page and change nothing.
 * Anonymous visitors and signed-in users without a role may do none of these.
 * `permissions.spec.ts` spells out every role × action; `tests/db/auth.spec.ts` asks the
 * database's helpers the same questions and fails when the two disagree.
 */
const LEVELS = {
	staff: ['organizer', 'council', 'admin'],
	editor: ['organizer', 'admin'],
	admin: ['admin']
} as const satisfies Record<string, readonly StaffRole[]>;

const ACTIONS = {
	/** Open `/panel` and its read-only views: moderation queue, resources, exports, photos. */
	read_panel: 'staff',
	/** Exact counts instead of "<3", draft diagnoses and unpublished narratives. */
	see_exact_figures: 'staff',
	/** Publish, reject, hide and merge residents' reports; add a need by hand. */
	moderate: 'editor',
	/** Create, edit and import resources. */
	edit_resources: 'editor',
	/** Create and edit activities and their links to needs. */
	edit_activities: 'editor',
	/** Plan an activity from the planning board (the "plan here" links at venues). */
	plan: 'editor',
	/** Draft village fund proposals and record the village assembly's decision. */
	edit_village_fund: 'editor',
	/** Open, run and close live consultations. */
	run_consultations: 'editor',
	/** Write and publish diagnosis narratives. */
	edit_diagnoses: 'editor',
	/** Write and publish organizing plans and their yearly reports. */
	edit_plans: 'editor',
	/** Create accounts, give and take roles, disable accounts. */
	manage_users: 'admin',
	/** Edit the sołectwa: their localities, population and boundaries. */
	manage_area: 'admin',
	/** Edit the legal pages (privacy notice, accessibility statement, moderation rules). */
	edit_legal_pages: 'admin',
	/** Read the audit log. */
	read_audit: 'admin',
	/** Read the outgoing mail queue and send a failed message again. */
	read_outbox: 'admin'
} as const satisfies Record<string, keyof typeof LEVELS>;

export type Action = keyof typeof ACTIONS;

const SQL_HELPERS = {
	staff: 'is_staff',
	editor: 'is_editor',
	admin: 'is_admin'
} as const satisfies Record<keyof typeof LEVELS, string>;

/** The `private.*()` SQL helper that enforces the same rule under RLS (its name, no schema). */
export function sqlHelper(action: Action): (typeof SQL_HELPERS)[keyof typeof SQL_HELPERS] {
	return SQL_HELPERS[ACTIONS[action]];
}

/** Every action, in the order above (for tests and for handing all flags to a page). */
export const ALL_ACTIONS = Object.keys(ACTIONS) as Action[];

/** May this user (null: anonymous) do this action? */
export function can(user: SessionUser | null | undefined, action: Action): boolean {
	const role = user?.role;
	if (!role) return false;
	const allowed: readonly StaffRole[] = LEVELS[ACTIONS[action]];
	return allowed.includes(role);
}

/** Every action as a flag, for pages that show or hide controls. */
export function permissionsOf(user: SessionUser | null | undefined): Record<Action, boolean> {
	return Object.fromEntries(ALL_ACTIONS.map((a) => [a, can(user, a)])) as Record<Action, boolean>;
}

interface GuardEvent {
	locals: Pick<App.Locals, 'user'>;
	url: URL;
}

/**
 * Gate for loads, actions and endpoints: anyone without a session goes to the login page (and
 * comes back after signing in); a signed-in user who may not do the action gets 403. RLS still
 * decides every row.
 */
export function requirePermission(event: GuardEvent, action: Action): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const next = `${event.url.pathname}${event.url.search}`;
		// The login page in the visitor's language.
		redirect(303, route(`/logowanie?next=${encodeURIComponent(next)}`));
	}
	if (!can(user, action)) error(403, m.legal_forbidden());
	return user;
}
