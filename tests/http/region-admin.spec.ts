import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, openApp, type App, type Client } from './app.ts';

// The admin's sołectwo forms at /panel/obszar, request by request: a name another sołectwo
// already has is refused with 409 and the name field's message, when creating and when renaming
// alike, and the typed values come back with it.

let app: App;
let admin: Client;
const fromHere = { origin: ORIGIN, accept: 'text/html' };
const TAKEN = 'Sołectwo o tej nazwie już istnieje.';

async function post(action: 'create' | 'update', form: Record<string, string>) {
	const response = await admin.request(`/panel/obszar?/${action}`, {
		method: 'POST',
		form,
		headers: fromHere
	});
	return { status: response.status, data: (await response.json()) as unknown };
}

beforeAll(async () => {
	app = await openApp({ staff: ['admin'] });
	admin = await app.signedIn('admin');
});
afterAll(async () => {
	await app?.close();
});

describe('a sołectwo name that is taken', () => {
	it('is refused with 409 and the field message on create and on rename', async () => {
		const first = await post('create', { name: 'Nowa Wola Testowa' });
		expect(first).toMatchObject({ status: 200, data: { action: 'create', saved: true } });
		expect((await post('create', { name: 'Stara Wola Testowa' })).status).toBe(200);

		const again = await post('create', { name: 'Nowa Wola Testowa' });
		expect(again).toEqual({
			status: 409,
			data: { action: 'create', values: { name: 'Nowa Wola Testowa' }, errors: { name: TAKEN } }
		});

		const [{ id }] = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>(
				`select id::text as id from public.solectwa where name = 'Stara Wola Testowa'`
			)
		);
		// The edit form posts all its fields, empty ones too.
		const empty = { soltys: '', soltys_since: '', population: '', population_year: '' };
		const rename = await post('update', {
			...empty,
			population_source: '',
			id,
			name: 'Nowa Wola Testowa'
		});
		expect(rename).toMatchObject({
			status: 409,
			data: { action: 'update', errors: { name: TAKEN } }
		});
	});
});
