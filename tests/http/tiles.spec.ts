import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './app.ts';

// /api/tiles/<layer>/<z>/<x>/<y>.mvt through the hooks and the handler: open, cacheable by the
// data version, public rows only, compressed when asked, clear 400s.

let app: App;
let lon = 0;
let lat = 0;

beforeAll(async () => {
	app = await openApp();
	[{ lon, lat }] = await app.db.asOwner((tx) =>
		tx.query<{ lon: number; lat: number }>(
			`select extensions.st_x(point) as lon, extensions.st_y(point) as lat
			 from public.localities where slug = 'kramsk'`
		)
	);
});
afterAll(async () => {
	await app?.db.asOwner((tx) => tx.query(`delete from public.needs where title like 'Kafelek %'`));
	await app?.close();
});

function tilePath(layer: string, z: number, query = ''): string {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	const x = Math.floor(((lon + 180) / 360) * n);
	const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
	return `/api/tiles/${layer}/${z}/${x}/${y}.mvt${query}`;
}

async function titles(res: Response): Promise<unknown[]> {
	const tile = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
	const layer = tile.layers.needs;
	return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer.feature(i).properties.title);
}

const addNeed = (title: string, status: string) =>
	app.db.asOwner((tx) =>
		tx.query(
			`insert into public.needs (region_id, kind, category, title, point, status)
			 select l.region_id, 'need', 'seniorzy', $1, l.point, $2
			 from public.localities l where l.slug = 'kramsk'`,
			[title, status]
		)
	);

describe('vector tiles', () => {
	it('serve public needs as open, cacheable MVT and never an unmoderated one', async () => {
		await addNeed('Kafelek widoczny', 'published');
		await addNeed('Kafelek niewidoczny', 'new');
		const res = await app.request(tilePath('needs', 16));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
		expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		const shown = await titles(res);
		expect(shown).toContain('Kafelek widoczny');
		expect(shown).not.toContain('Kafelek niewidoczny');
	});

	it('answer 304 to the current ETag and a new ETag once the data changes', async () => {
		const path = tilePath('needs', 16);
		const first = await app.request(path);
		const etag = first.headers.get('etag') ?? '';
		expect(etag).toMatch(/^W\/"/);
		const again = await app.request(path, { headers: { 'if-none-match': etag } });
		expect(again.status).toBe(304);
		await addNeed('Kafelek nowy', 'published');
		const after = await app.request(path, { headers: { 'if-none-match': etag } });
		expect(after.status).toBe(200);
		expect(after.headers.get('etag')).not.toBe(etag);
		expect(await titles(after)).toContain('Kafelek nowy');
	});

	it('send clusters at low zoom and filter by kind', async () => {
		const low = new VectorTile(
			new PbfReader(new Uint8Array(await (await app.request(tilePath('needs', 9))).arrayBuffer()))
		).layers.needs;
		const counts = Array.from({ length: low.length }, (_, i) => low.feature(i).properties);
		expect(counts.some((p) => Number(p.point_count) >= 2)).toBe(true);
		const ideas = await titles(await app.request(tilePath('needs', 16, '?kind=idea')));
		expect(ideas).not.toContain('Kafelek widoczny');
	});

	it('go out gzipped when the client accepts it', async () => {
		const path = tilePath('villages', 12);
		const plain = Buffer.from(await (await app.request(path)).arrayBuffer());
		const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await res.arrayBuffer()))).toEqual(plain);
		const villages = new VectorTile(new PbfReader(new Uint8Array(plain))).layers.villages;
		expect(villages.length).toBeGreaterThan(0);
	});

	it('refuse what is not a tile with a 400 naming the problem', async () => {
		for (const [path, message] of [
			['/api/tiles/roads/1/0/0.mvt', /unknown layer/],
			['/api/tiles/needs/23/0/0.mvt', /zoom/],
			['/api/tiles/needs/2/4/0.mvt', /no such tile/],
			['/api/tiles/needs/2/0/0.mvt?colour=red', /unknown parameter "colour"/],
			['/api/tiles/needs/2/0/0.mvt?status=new', /status/],
			['/api/tiles/needs/2/0/0.mvt?category=nie-ma', /unknown category/],
			['/api/tiles/villages/2/0/0.mvt?category=drogi', /unknown parameter/]
		] as const) {
			const res = await app.request(path, { headers: { accept: 'application/json' } });
			expect(res.status, path).toBe(400);
			expect(((await res.json()) as { error: string }).error, path).toMatch(message);
		}
	});
});

describe('the needs GeoJSON beside the tiles', () => {
	interface Page {
		features: { properties: { ref: string } }[];
		next_after?: string;
	}
	const page = async (query: string) => {
		const res = await app.request(`/api/needs.geojson${query}`);
		expect(res.status, query).toBe(200);
		return (await res.json()) as Page;
	};

	it('is paged without a bbox, and the pages join up to the whole', async () => {
		const all = await page('');
		expect(all.features.length).toBeGreaterThan(2);
		const first = await page('?limit=2');
		expect(first.features).toHaveLength(2);
		expect(first.next_after).toBe(first.features[1].properties.ref);
		const rest = await page(`?limit=10000&after=${first.next_after}`);
		expect(rest.next_after).toBeUndefined();
		expect([...first.features, ...rest.features]).toEqual(all.features);
	});

	it('keeps to a bbox and refuses a bad one, a bad limit or cursor with a 400', async () => {
		const box = `${lon - 0.0001},${lat - 0.0001},${lon + 0.0001},${lat + 0.0001}`;
		const near = await page(`?bbox=${box}`);
		expect(near.features.length).toBeGreaterThan(0);
		expect((await page('?bbox=0,0,1,1')).features).toEqual([]);
		for (const query of [
			'?bbox=18,52,17,53',
			'?bbox=18,52,19',
			'?bbox=a,b,c,d',
			'?limit=0',
			'?limit=10001',
			'?after=XX-0000-0000'
		]) {
			const res = await app.request(`/api/needs.geojson${query}`);
			expect(res.status, query).toBe(400);
		}
	});
});
