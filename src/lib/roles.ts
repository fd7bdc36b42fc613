import * as m from '$lib/paraglide/messages';
import type { StaffRole } from '$lib/types';

/**
 * The staff roles, in the order the user-management form offers them. What each role may do is
 * decided in one place only: `$lib/server/auth/permissions.ts`.
 */
export const STAFF_ROLES = [
	'organizer',
	'council',
	'admin'
] as const satisfies readonly StaffRole[];

/** Is this form value one of the staff roles? */
export function isStaffRole(value: unknown): value is StaffRole {
	return (STAFF_ROLES as readonly unknown[]).includes(value);
}

const LABELS: Record<StaffRole, () => string> = {
	organizer: m.panel_role_organizer,
	council: m.panel_role_council,
	admin: m.panel_role_admin
};

/** The role's name for people, in the request's language; null: an account without a role. */
export function roleLabel(role: StaffRole | null): string {
	return role ? LABELS[role]() : m.users_no_role();
}
