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
type Row = [boolean, boolean, boolean, boolean, boolean];
const STAFF: Row = [N, N, Y, Y, Y];
const EDITORS: Row = [N, N, Y, N, Y];
const ADMIN: Row = [N, N, N, N, Y];
const rows = (actions: readonly Action[], row: Row) =>
	actions.map((action): [Action, Row] => [action, row]);
const EXPECTED = new Map<Action, Row>([
	...rows(['read_panel', 'see_exact_figures'], STAFF),
	...rows(
		[
			'moderate',
			'edit_resources',
			'edit_activities',
			'plan',
			'edit_village_fund',
			'run_consultations',
			'edit_diagnoses',
			'edit_plans'
		],
		EDITORS
	),
	...rows(['manage_users', 'manage_area', 'edit_legal_pages', 'read_audit', 'read_outbox'], ADMIN)
]);

describe('permissions', () => {
	it('the table above covers every action', () => {
		expect([...EXPECTED.keys()].sort()).toEqual([...ALL_ACTIONS].sort());
	});

	const cases = ALL_ACTIONS.flatMap((action) =>
		Object.entries(WHO).map(([name, who], i) => ({
			action,
			name,
			who,
			allowed: EXPECTED.get(action)?.[i]
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
