import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claims } from '../db/backends.ts';
import { openApp, type App } from './app.ts';

// /dzialania.ics as a subscribed calendar app reads it: an organizer moving an activity's start
// (through public.save_activity, the panel form's write) raises the event's SEQUENCE, so the
// app replaces its copy (RFC 5545 §3.8.7.4); LAST-MODIFIED follows the write; GEO is the
// venue's point, and an activity without a venue has none.

let app: App;
let venue: { id: string; lon: number; lat: number };
const UID_HOST = 'mapa-zasobow.kramsk';

beforeAll(async () => {
	app = await openApp();
	[venue] = await app.db.asOwner((tx) =>
		tx.query<{ id: string; lon: number; lat: number }>(
			`select id::text as id, round(extensions.st_x(point)::numeric, 6)::float8 as lon,
			   round(extensions.st_y(point)::numeric, 6)::float8 as lat
			 from public.resources where status = 'published' order by name limit 1`
		)
	);
});
afterAll(async () => {
	await app?.close();
});

/** Saves an activity as an organizer, the way the panel form does; returns its id. */
const save = (p: Record<string, unknown>) =>
	app.db.asUser(claims.organizer, async (tx) => {
		const [row] = await tx.query<{ id: string }>(
			'select public.save_activity($1::text::jsonb) as id',
			[
				JSON.stringify({
					region: 'kramsk',
					kind: 'citizens_meeting',
					programme_category: 'community_animation',
					goals: [],
					ends_local: '',
					locality: 'kramsk',
					localities: [],
					partners: [],
					needs: [],
					status: 'confirmed',
					published: true,
					...p
				})
			]
		);
		return row.id;
	});

/** The VEVENT of one activity in the feed, unfolded (RFC 5545 §3.1), as property → value. */
async function event(id: string): Promise<Map<string, string>> {
	const response = await app.request('/dzialania.ics');
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
	const text = (await response.text()).replace(/\r\n[ \t]/g, '');
	const block = text
		.split('BEGIN:VEVENT\r\n')
		.slice(1)
		.map((b) => b.split('END:VEVENT')[0])
		.find((b) => b.includes(`UID:${id}@${UID_HOST}\r\n`));
	expect(block, id).toBeDefined();
	return new Map(
		(block ?? '')
			.split('\r\n')
			.filter(Boolean)
			.map((line) => {
				const at = line.indexOf(':');
				return [line.slice(0, at).split(';')[0], line.slice(at + 1)];
			})
	);
}

/** A local date a week ahead, so the activity is in the feed's window. */
const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

describe('/dzialania.ics', () => {
	it('moving the start raises SEQUENCE and LAST-MODIFIED; a new title alone does not', async () => {
		const fields = { title: 'Spotkanie w sprawie świetlicy', venue_id: venue.id };
		const id = await save({ ...fields, starts_local: `${day}T17:00` });
		const first = await event(id);
		expect(first.get('SEQUENCE')).toBe('0');
		expect(first.get('LAST-MODIFIED')).toMatch(/^\d{8}T\d{6}Z$/);
		// RFC 5545 §3.8.1.6: latitude;longitude of the venue.
		expect(first.get('GEO')).toBe(`${venue.lat};${venue.lon}`);

		await save({ ...fields, id, title: 'Spotkanie o świetlicy', starts_local: `${day}T17:00` });
		expect((await event(id)).get('SEQUENCE')).toBe('0');

		// LAST-MODIFIED has whole seconds: the move comes at least a second after the first write.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		await save({ ...fields, id, starts_local: `${day}T18:30` });
		const moved = await event(id);
		expect(moved.get('SEQUENCE')).toBe('1');
		expect(moved.get('DTSTART')).not.toBe(first.get('DTSTART'));
		expect(Number(moved.get('LAST-MODIFIED')?.replace(/\D/g, ''))).toBeGreaterThan(
			Number(first.get('LAST-MODIFIED')?.replace(/\D/g, ''))
		);
		expect(moved.get('UID')).toBe(first.get('UID'));
	});

	it('an activity without a venue has its village as LOCATION and no GEO', async () => {
		const id = await save({ title: 'Spacer po wsi', starts_local: `${day}T10:00` });
		const found = await event(id);
		expect(found.has('GEO')).toBe(false);
		expect(found.get('LOCATION')).toBe('Kramsk');
	});
});
