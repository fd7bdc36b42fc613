import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import { GET as addressSearch } from '../../src/routes/api/address-search/+server.ts';
import { GET as categories } from '../../src/routes/api/categories/+server.ts';
import { GET as coverage } from '../../src/routes/api/coverage/+server.ts';
import { GET as needs } from '../../src/routes/api/needs.geojson/+server.ts';
import { GET as region } from '../../src/routes/api/region.geojson/+server.ts';
import { GET as resources } from '../../src/routes/api/resources.geojson/+server.ts';
import { GET as villages } from '../../src/routes/api/villages.geojson/+server.ts';
import { backends, claims } from './backends.ts';

// The open-data endpoints in-process, as the public: one handler shape (openDataGet) for all of
// them, so a query is checked the same way everywhere and every body carries an ETag.

/** Any route's GET handler; each is called with a hand-made event. */
type Handler = (event: never) => Response | Promise<Response>;

describe.each(backends)('open-data endpoints on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const get = async (handler: Handler, path: string, headers: Record<string, string> = {}) => {
		const url = new URL(`http://x${path}`);
		return handler({
			url,
			request: new Request(url, { headers }),
			locals: {
				region: 'kramsk',
				db: (fn: Parameters<Database['asUser']>[1]) => db.asUser(claims.anon, fn)
			}
		} as never);
	};

	it('villages.geojson: 65 localities, open to any origin, 304 for a known ETag', async () => {
		const res = await get(villages, '/api/villages.geojson');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		expect((await res.json()).features).toHaveLength(65);
		const etag = res.headers.get('etag') ?? '';
		expect((await get(villages, '/api/villages.geojson', { 'if-none-match': etag })).status).toBe(
			304
		);
	});

	it('the boundary, the categories and the address search answer as JSON', async () => {
		const boundary = await get(region, '/api/region.geojson');
		expect(boundary.status).toBe(200);
		expect((await boundary.json()).type).toBe('Feature');
		const cats = await get(categories, '/api/categories');
		expect(cats.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(Object.keys(await cats.json())).toEqual(expect.arrayContaining(['need', 'resource']));
		const hits = await get(addressSearch, '/api/address-search?q=kramsk%20pogorzelna%206');
		expect((await hits.json())[0]).toMatchObject({ label: 'Kramsk, Pogorzelna 6' });
	});

	it('filters: published needs of one village, resources of one category, coverage per village', async () => {
		// The test database holds no demo needs: the filter is checked on whatever is published.
		const inKramsk = await (await get(needs, '/api/needs.geojson?village=kramsk')).json();
		expect(inKramsk.type).toBe('FeatureCollection');
		for (const f of inKramsk.features) expect(f.properties.locality_slug).toBe('kramsk');
		const halls = await (await get(resources, '/api/resources.geojson?category=swietlica')).json();
		for (const f of halls.features) expect(f.properties.category).toBe('swietlica');
		const rows = await (await get(coverage, '/api/coverage?category=swietlica&max_m=2000')).json();
		expect(rows).toHaveLength(65);
	});

	it.each([
		[needs, '/api/needs.geojson?status=new', /status/],
		[needs, '/api/needs.geojson?category=nie-ma-takiej', /unknown category/],
		[resources, '/api/resources.geojson?village=atlantyda', /unknown village/],
		[resources, '/api/resources.geojson?categroy=osp', /unknown parameter "categroy"/],
		[villages, '/api/villages.geojson?x=1', /unknown parameter "x"; allowed: none/],
		[addressSearch, '/api/address-search', /parameter "q"/],
		[addressSearch, '/api/address-search?q=kramsk&limit=500', /limit/],
		[coverage, '/api/coverage?category=swietlica&max_m=0', /max_m/]
	])('%#: a bad query is a 400 that says why', async (handler, path, message) => {
		const res = await get(handler, path);
		expect(res.status).toBe(400);
		expect((await res.json()).error).toMatch(message);
	});
});
