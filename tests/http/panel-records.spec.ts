import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App, type Client } from './app.ts';

// The panel's pages of one record (a need under moderation, a resource, an activity, a
// consultation), request by request: the login page without a session, the record for staff,
// and the same 404 for an unknown key as for a malformed one. A page's load answers at
// `<page>/__data.json` (see app.ts).

let app: App;
let council: Client;
let needId: string;
let resourceId: string;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
	app = await openApp({ staff: ['council'] });
	[{ id: needId }] = await app.db.asOwner((tx) =>
		tx.query<{ id: string }>('select id::text as id from public.needs limit 1')
	);
	[{ id: resourceId }] = await app.db.asOwner((tx) =>
		tx.query<{ id: string }>('select id::text as id from public.resources limit 1')
	);
	council = await app.signedIn('council');
});
afterAll(async () => {
	await app?.close();
});

describe('a panel page of one record', () => {
	it('sends a visitor without a session to the login page, coming back afterwards', async () => {
		const response = await app.request(`/panel/moderacja/${needId}/__data.json`);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(
			`/logowanie?next=${encodeURIComponent(`/panel/moderacja/${needId}`)}`
		);
	});

	it('shows staff a known need and resource', async () => {
		const need = await council.request(`/panel/moderacja/${needId}/__data.json`);
		expect(need.status).toBe(200);
		expect((await need.json()).need.id).toBe(needId);
		const resource = await council.request(`/panel/zasoby/${resourceId}/__data.json`);
		expect(resource.status).toBe(200);
		expect(await resource.json()).toMatchObject({ resource: { id: resourceId }, canEdit: false });
	});

	it('answers 404 alike for an unknown and a malformed key', async () => {
		for (const base of ['/panel/moderacja', '/panel/zasoby', '/panel/dzialania']) {
			for (const key of [UNKNOWN, 'nie-uuid']) {
				const response = await council.request(`${base}/${key}/__data.json`);
				expect(response.status, `${base}/${key}`).toBe(404);
			}
		}
		const response = await council.request('/panel/konsultacje/ZZZZZZ/__data.json');
		expect(response.status).toBe(404);
	});
});
