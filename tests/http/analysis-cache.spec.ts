import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App, type Client } from './app.ts';

// Heavy results are computed once per state of the data: a reload of the planning page or of a
// diagnosis reads them from memory (src/lib/server/cache/analysis.ts); a write to the data makes
// the next view compute them again.

let app: App;
let council: Client;
let stats: () => { hits: number; generated: number };
beforeAll(async () => {
	app = await openApp({ staff: ['council'] });
	council = await app.signedIn('council');
	// The same module instance the app uses (openApp reset the modules before loading the app).
	const { analysisCache } = await import('../../src/lib/server/cache/analysis.ts');
	stats = () => ({ ...analysisCache.stats });
});
afterAll(async () => {
	await app?.close();
});

const load = async (client: App | Client, path: string) => {
	const res = await client.request(path);
	expect(res.status, path).toBe(200);
	return res.text();
};

describe('analysis cache', () => {
	it('a reload of the planning page or a diagnosis computes nothing again until the data changes', async () => {
		const before = stats();
		const first = await load(council, '/panel/planowanie/__data.json');
		await load(app, '/diagnoza/gmina/__data.json');
		const computed = stats();
		expect(computed.generated - before.generated).toBe(2);

		expect(await load(council, '/panel/planowanie/__data.json')).toEqual(first);
		await load(app, '/diagnoza/gmina/__data.json');
		expect(stats().generated).toBe(computed.generated);
		expect(stats().hits - computed.hits).toBe(2);

		// Any statement on a watched table moves the data version.
		await app.db.asOwner((tx) =>
			tx.query('update public.need_categories set sort = sort where false')
		);
		await load(council, '/panel/planowanie/__data.json');
		expect(stats().generated).toBe(computed.generated + 1);
	});
});
