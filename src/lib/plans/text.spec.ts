import { describe, expect, it } from 'vitest';
import type { Activity } from '$lib/activities/types';
import { groupActivities, heldTables, needsDoneShown, partnersInvolved, placeOf } from './text';
import type { Achieved, PlanDoc } from './types';

// The report's tallies, against figures worked out by hand: an activity in two villages counts
// once in each village, never twice in its category; activities not held count nowhere.

const place = (id: number, name: string) => ({ id, slug: name.toLowerCase(), name });
const activity = (over: Partial<Activity>): Activity => ({
	id: crypto.randomUUID(),
	title: 'Działanie',
	description: '',
	kind: 'workshop',
	programme_category: 'community_animation',
	goals: [],
	status: 'held',
	published: true,
	starts_at: '2026-06-15T10:00:00Z',
	ends_at: null,
	date: '2026-06-15',
	start_time: '12:00',
	end_time: null,
	end_date: null,
	outcome_participants: null,
	outcome_volunteers: null,
	updated_at: '2026-06-15T10:00:00Z',
	sequence: 0,
	locality: place(1, 'Alfa'),
	localities: [],
	venue: null,
	partners: [],
	needs: [],
	lon: null,
	lat: null,
	...over
});
const zero: Achieved = {
	year: 2026,
	activities: 0,
	by_category: { community_animation: 0, community_education: 0, civic_activation: 0 },
	planned_by_category: { community_animation: 0, community_education: 0, civic_activation: 0 },
	participants: 0,
	volunteers: 0,
	partners: 0,
	needs_done: 0
};
const KGW = { id: 'k', name: 'KGW Alfa', category: 'kgw' };
const OSP = { id: 'o', name: 'OSP Beta', category: 'stowarzyszenie' };

const activities = [
	activity({
		title: 'Festyn',
		kind: 'community_event',
		outcome_participants: 25,
		outcome_volunteers: 4,
		localities: [place(2, 'Beta')],
		partners: [KGW, OSP]
	}),
	activity({
		title: 'Warsztaty',
		outcome_participants: 10,
		outcome_volunteers: 1,
		partners: [KGW]
	}),
	activity({
		title: 'Zebranie',
		programme_category: 'civic_activation',
		kind: 'citizens_meeting',
		outcome_participants: 7,
		locality: place(2, 'Beta')
	}),
	activity({ title: 'Zaplanowane', status: 'planned', outcome_participants: 99, partners: [OSP] })
];
const doc = {
	activities,
	achieved: zero,
	previous: zero,
	goals: [],
	needs_done: [],
	plan: null,
	report: null
} as unknown as PlanDoc;

describe('the yearly report tallies', () => {
	it('counts held activities per category, kind and village with their people', () => {
		const t = heldTables(doc);
		expect(t.held.map((a) => a.title)).toEqual(['Festyn', 'Warsztaty', 'Zebranie']);
		const rows = Object.fromEntries(t.tallies.map((tally) => [tally.id, tally.rows]));
		expect(Object.keys(rows)).toEqual(['by-category', 'by-kind', 'by-village']);
		expect(rows['by-category']).toEqual([
			['Animacja lokalna', '2', '35', '5'],
			['Edukacja środowiskowa', '0', '0', '0'],
			['Działania aktywizujące', '1', '7', '0']
		]);
		expect(rows['by-kind']).toEqual([
			['Spotkanie obywatelskie', '1', '7', '0'],
			['Wydarzenie społeczne', '1', '25', '4'],
			['Warsztaty', '1', '10', '1']
		]);
		expect(rows['by-village']).toEqual([
			['Alfa', '2', '35', '5'],
			['Beta', '2', '32', '4']
		]);
	});

	it('lists the partners of held activities, most active first', () => {
		expect(partnersInvolved(doc)).toEqual([
			['KGW Alfa', '2'],
			['OSP Beta', '1']
		]);
	});

	it('groups the plan by category, then kind, and names the place', () => {
		const groups = groupActivities(activities);
		expect(groups.map((g) => [g.category, g.kinds.map((k) => k.activities.length)])).toEqual([
			['community_animation', [1, 2]],
			['community_education', []],
			['civic_activation', [1]]
		]);
		expect(placeOf(activities[0])).toBe('Alfa, Beta');
	});
});

describe('the list of needs realised in the year', () => {
	const done = (n: number) =>
		Array.from({ length: n }, (_, i) => ({
			ref: `KR-2026-${i}`,
			title: 'Potrzeba',
			category: 'seniorzy',
			done_at: '2026-05-01T10:00:00Z'
		}));
	it('says how many it shows of how many only when it lists part of them', () => {
		const all = { ...doc, achieved: { ...zero, needs_done: 3 }, needs_done: done(3) };
		expect(needsDoneShown(all)).toBeNull();
		const part = { ...doc, achieved: { ...zero, needs_done: 1234 }, needs_done: done(200) };
		expect(needsDoneShown(part)).toMatch(/200.*1[\s\u00a0]?234/);
	});
});
