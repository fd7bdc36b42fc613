import { describe, expect, it } from 'vitest';
import { ALL_ACTIONS, can, permissionsOf, type Action, type SessionUser } from './permissions.ts';

const user = (role: SessionUser['role']): SessionUser => ({
	id: 'u',
	email: 'u@example.org',
	role
});

// Every kind of visitor: anonymous, signed in without a staff role, and each staff role.
const WHO = {
	anonymous: null,
	no_role: user(null),
	organizer: user('organizer'),
	council: user('council'),
	admin: user('admin')
} as const;

// The whole rule book written out by hand: any change to who may do what fails here first.
// Columns: anonymous, no_role, organizer, council, admin.
const Y = true;
const N = false;
const EXPECTED: Record<Action, [boolean, boolean, boolean, boolean, boolean]> = {
	read_panel: [N, N, Y, Y, Y],
	see_exact_figures: [N, N, Y, Y, Y],
	moderate: [N, N, Y, N, Y],
	edit_resources: [N, N, Y, N, Y],
	edit_activities: [N, N, Y, N, Y],
	plan: [N, N, Y, N, Y],
	run_consultations: [N, N, Y, N, Y],
	edit_diagnoses: [N, N, Y, N, Y],
	manage_users: [N, N, N, N, Y],
	manage_area: [N, N, N, N, Y],
	edit_legal_pages: [N, N, N, N, Y],
	read_audit: [N, N, N, N, Y],
	read_outbox: [N, N, N, N, Y]
};

describe('permissions', () => {
	it('the table above covers every action', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual([...ALL_ACTIONS].sort());
	});

	const cases = ALL_ACTIONS.flatMap((action) =>
		Object.entries(WHO).map(([name, who], i) => ({
			action,
			name,
			who,
			allowed: EXPECTED[action][i]
		}))
	);
	it.each(cases)('$name may $action: $allowed', ({ action, who, allowed }) => {
		expect(can(who, action)).toBe(allowed);
	});

	it('undefined (no session read yet) may do nothing', () => {
		for (const action of ALL_ACTIONS) expect(can(undefined, action)).toBe(false);
	});

	it('permissionsOf hands a page the same answers as can', () => {
		for (const who of Object.values(WHO)) {
			const flags = permissionsOf(who);
			for (const action of ALL_ACTIONS) expect(flags[action]).toBe(can(who, action));
		}
	});
});
