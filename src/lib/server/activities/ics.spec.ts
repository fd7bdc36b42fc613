import { describe, expect, it } from 'vitest';
import type { Activity } from '$lib/activities/types';
import { buildIcs, UID_DOMAIN } from './ics';

const base: Activity = {
	id: '6f1c1f0e-4a51-4a2b-9d7c-0a1b2c3d4e5f',
	title: 'Spotkanie sołeckie, Kramsk',
	description: 'Rozmowa o świetlicy; zapraszamy.',
	kind: 'citizens_meeting',
	programme_category: 'community_animation',
	goals: [],
	status: 'confirmed',
	published: true,
	// 17:00–19:30 in Warsaw (CET, UTC+1).
	starts_at: '2026-12-05T16:00:00+00:00',
	ends_at: '2026-12-05T18:30:00+00:00',
	date: '2026-12-05',
	start_time: '17:00',
	end_time: '19:30',
	end_date: '2026-12-05',
	outcome_participants: null,
	outcome_volunteers: null,
	updated_at: '2026-11-26T10:00:00+00:00',
	sequence: 0,
	locality: { id: 1, slug: 'kramsk', name: 'Kramsk' },
	localities: [],
	venue: {
		id: 'a',
		name: 'Świetlica wiejska',
		address: 'ul. Szkolna 1',
		capacity: 60,
		step_free: 'yes',
		lon: 18.4,
		lat: 52.2
	},
	partners: [],
	needs: [],
	lon: 18.4,
	lat: 52.2
};

/** Unfolds RFC 5545 line folding (CRLF + space) so assertions read whole properties. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const opts = { origin: 'https://mapa.example', name: 'Działania', description: 'Kalendarz' };

describe('buildIcs', () => {
	it('writes one VEVENT per activity with a stable UID, UTC times, location, URL and status', () => {
		const ics = unfold(buildIcs([base], opts));
		expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
		expect(ics).toContain('VERSION:2.0');
		expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
		expect(ics).toContain(`UID:${base.id}@${UID_DOMAIN}`);
		expect(ics).toContain('DTSTART:20261205T160000Z');
		expect(ics).toContain('DTEND:20261205T183000Z');
		expect(ics).toContain('SUMMARY:Spotkanie sołeckie\\, Kramsk');
		expect(ics).toContain('LOCATION:Świetlica wiejska\\, ul. Szkolna 1');
		expect(ics).toContain(`URL;VALUE=URI:https://mapa.example/dzialania/${base.id}`);
		expect(ics).toContain('STATUS:CONFIRMED');
		expect(ics).toContain('Rozmowa o świetlicy\\; zapraszamy.');
		// The same activity gives the same UID in every build.
		expect(unfold(buildIcs([base], opts))).toContain(`UID:${base.id}@${UID_DOMAIN}`);
	});

	it('marks cancelled activities CANCELLED and planned ones TENTATIVE; without an end, one hour', () => {
		const ics = unfold(
			buildIcs(
				[
					{ ...base, status: 'cancelled' },
					{ ...base, id: 'b', status: 'planned', ends_at: null, venue: null }
				],
				opts
			)
		);
		expect(ics).toContain('STATUS:CANCELLED');
		expect(ics).toContain('STATUS:TENTATIVE');
		expect(ics).toContain('DTEND:20261205T170000Z');
		// No venue: the village is the location.
		expect(ics).toContain('LOCATION:Kramsk');
	});

	it('carries the revision as SEQUENCE, the last write as LAST-MODIFIED, the venue as GEO', () => {
		const moved = unfold(
			buildIcs([{ ...base, sequence: 3, updated_at: '2026-11-30T08:15:00+00:00' }], opts)
		);
		expect(moved).toContain('SEQUENCE:3');
		expect(moved).toContain('LAST-MODIFIED:20261130T081500Z');
		// RFC 5545 §3.8.1.6: latitude first, then longitude.
		expect(moved).toContain('GEO:52.2;18.4');
		// The location stays one line (no Apple structured location without a radius).
		expect(moved).toContain('LOCATION:Świetlica wiejska\\, ul. Szkolna 1\r\n');
		expect(moved).not.toContain('X-APPLE-STRUCTURED-LOCATION');
		const noVenue = unfold(buildIcs([{ ...base, venue: null }], opts));
		expect(noVenue).toContain('SEQUENCE:0');
		expect(noVenue).toContain('LOCATION:Kramsk');
		expect(noVenue).not.toContain('GEO:');
	});

	it('skips activities without a start and still produces a valid empty calendar', () => {
		const ics = buildIcs([{ ...base, starts_at: null }], opts);
		expect(ics).not.toContain('BEGIN:VEVENT');
		expect(ics).toContain('END:VCALENDAR');
	});
});
