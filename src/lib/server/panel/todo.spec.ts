import { describe, expect, it } from 'vitest';
import { panelTodo, type PanelTodoCounts } from './todo.ts';

// Which counts of the start page each role gets: the ones its permissions make its work.

const COUNTS: PanelTodoCounts = {
	new_reports: 3,
	abuse_flags: 1,
	pending_comments: 2,
	upcoming_activities: 4,
	unsent_mail: 5
};
const user = (role: 'organizer' | 'council' | 'admin' | null) => ({ id: 'u', email: 'e', role });
const keys = (role: 'organizer' | 'council' | 'admin' | null) =>
	panelTodo(user(role), COUNTS).map((i) => i.key);

describe('panelTodo', () => {
	it('gives editors the moderation counts, admins the outbox too, council only activities', () => {
		expect(keys('organizer')).toEqual([
			'new_reports',
			'abuse_flags',
			'pending_comments',
			'upcoming_activities'
		]);
		expect(keys('admin')).toEqual([...keys('organizer'), 'unsent_mail']);
		expect(keys('council')).toEqual(['upcoming_activities']);
		expect(keys(null)).toEqual([]);
	});

	it('carries the database counts, 0 when the region is unknown', () => {
		expect(panelTodo(user('admin'), COUNTS).find((i) => i.key === 'unsent_mail')?.count).toBe(5);
		expect(panelTodo(user('admin'), null).every((i) => i.count === 0)).toBe(true);
	});
});
