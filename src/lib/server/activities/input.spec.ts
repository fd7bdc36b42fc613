import { describe, expect, it } from 'vitest';
import { parseActivity, type ActivityFormValues } from './input.ts';

const VENUE = '0b7f1c1e-4a57-4a8e-9f3c-2f4b8f6c1d10';

const valid = (): ActivityFormValues => ({
	title: 'Spotkanie sołeckie',
	description: '',
	kind: 'citizens_meeting',
	programme_category: 'community_animation',
	goals: [],
	date: '2026-12-10',
	start_time: '17:00',
	end_time: '',
	locality: 'kramsk',
	localities: ['kramsk'],
	venue_id: VENUE,
	partners: [VENUE],
	needs: [VENUE, VENUE],
	status: 'planned',
	published: false
});

describe('parseActivity', () => {
	it('builds the payload of a valid form, each picked id once', () => {
		const parsed = parseActivity(valid(), 'kramsk');
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.payload).toMatchObject({
			starts_local: '2026-12-10T17:00',
			ends_local: null,
			venue_id: VENUE,
			needs: [VENUE]
		});
	});

	it('an empty end time and venue are allowed', () => {
		expect(parseActivity({ ...valid(), venue_id: '' }, 'kramsk').ok).toBe(true);
	});

	it.each([
		['start_time', { start_time: '25:00' }, 'Podaj godzinę w formacie GG:MM.'],
		['end_time', { end_time: '7pm' }, 'Podaj godzinę w formacie GG:MM.'],
		['locality', { locality: 'Kramsk!' }, 'Wybierz miejscowość z listy.'],
		['localities', { localities: ['kramsk', 'Kramsk!'] }, 'Wybierz miejscowość z listy.'],
		['venue_id', { venue_id: 'sala' }, 'Wybrane miejsce jest nieprawidłowe.'],
		['partners', { partners: ['x'] }, 'Partnerem może być tylko organizacja'],
		['needs', { needs: [VENUE, 'x'] }, 'Wybrana potrzeba jest nieprawidłowa.']
	] satisfies [string, Partial<ActivityFormValues>, string][])(
		'%s: a malformed value is refused with its own message',
		(field, change, message) => {
			const parsed = parseActivity({ ...valid(), ...change }, 'kramsk');
			expect(parsed.ok).toBe(false);
			if (parsed.ok) return;
			const [key, text] = Object.entries(parsed.errors)[0] ?? [];
			expect(key?.split('.')[0]).toBe(field);
			expect(text).toContain(message);
		}
	);
});
