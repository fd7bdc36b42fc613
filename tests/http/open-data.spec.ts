import Papa from 'papaparse';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './app.ts';

// The open data of the app, request by request through the hooks and handlers: GeoJSON with
// ETags, planning figures, diagnosis downloads, and 400s that say why.

let app: App;
beforeAll(async () => {
	app = await openApp();
});
afterAll(async () => {
	await app?.close();
});

const json = async (path: string) => (await app.request(path)).json();

interface Feature {
	properties: { category: string; locality_slug: string | null };
}

describe('the public GeoJSON and search API', () => {
	it('villages.geojson: 65 localities with the documented properties and an ETag', async () => {
		const res = await app.request('/api/villages.geojson');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/geo+json');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		const etag = res.headers.get('etag') ?? '';
		expect(etag).toBeTruthy();
		const body = await res.json();
		expect(body.features).toHaveLength(65);
		const props = body.features.map((f: { properties: Record<string, unknown> }) => f.properties);
		expect(Object.keys(props[0])).toEqual(
			expect.arrayContaining([
				'id',
				'name',
				'slug',
				'solectwo',
				'address_points',
				'label_lon',
				'label_lat'
			])
		);
		expect(
			props.reduce((n: number, p: { address_points: number }) => n + p.address_points, 0)
		).toBe(3829);

		const again = await app.request('/api/villages.geojson', {
			headers: { 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
	});

	it('needs.geojson and resources.geojson return published items only, filtered', async () => {
		const needs = await json('/api/needs.geojson');
		expect(needs.features.length).toBeGreaterThan(0);
		const statuses = new Set(
			needs.features.map((f: { properties: { status: string } }) => f.properties.status)
		);
		expect(statuses.has('new')).toBe(false);
		for (const f of needs.features) expect(f.properties).not.toHaveProperty('email');

		const inKramsk = await json('/api/needs.geojson?village=kramsk');
		expect(inKramsk.features.length).toBeGreaterThan(0);
		expect(
			inKramsk.features.every(
				(f: { properties: { locality_slug: string } }) => f.properties.locality_slug === 'kramsk'
			)
		).toBe(true);

		const halls = await json('/api/resources.geojson?category=swietlica');
		expect(halls.features.length).toBeGreaterThan(0);
		expect(
			halls.features.every(
				(f: { properties: { category: string } }) => f.properties.category === 'swietlica'
			)
		).toBe(true);
	});

	it('bad parameters get 400 with a JSON message', async () => {
		const cases: [string, RegExp][] = [
			['/api/needs.geojson?status=new', /status/],
			['/api/needs.geojson?category=nie-ma-takiej', /unknown category/],
			['/api/resources.geojson?village=atlantyda', /unknown village/],
			['/api/resources.geojson?categroy=osp', /unknown parameter "categroy"/],
			['/api/address-search', /parameter "q"/],
			['/api/address-search?q=k', /at least 2/],
			['/api/address-search?q=kramsk&limit=500', /limit/]
		];
		for (const [url, message] of cases) {
			const res = await app.request(url);
			expect(res.status, url).toBe(400);
			expect((await res.json()).error, url).toMatch(message);
		}
	});

	it('address search finds "Kramsk Pogorzelna 6" regardless of case', async () => {
		for (const q of ['Kramsk Pogorzelna 6', 'kramsk pogorzelna 6']) {
			const hits = await json(`/api/address-search?q=${encodeURIComponent(q)}`);
			expect(hits[0]).toMatchObject({
				label: 'Kramsk, Pogorzelna 6',
				lon: 18.426673,
				lat: 52.265042
			});
		}
	});

	it('address search offers the village itself first, says there are more, and tolerates typos', async () => {
		// The search box asks for one more than it lists (10): an 11th hit means "type more".
		const wysokie = await json('/api/address-search?q=Wysokie&limit=11');
		expect(wysokie).toHaveLength(11);
		expect(wysokie[0]).toMatchObject({
			kind: 'locality',
			label: 'Wysokie',
			slug: 'wysokie',
			housenumber: null
		});
		expect(wysokie[0].bbox).toHaveLength(4);
		expect(wysokie[1]).toMatchObject({ kind: 'address', locality: 'Wysokie', bbox: null });
		const typo = await json('/api/address-search?q=Krmsk');
		expect(typo[0]).toMatchObject({ kind: 'locality', label: 'Kramsk', slug: 'kramsk' });
	});
});

// Planning by village: anon runs under RLS, so the counts must equal what the published GeoJSON
// endpoints list for the same village.
describe('planning figures', () => {
	async function byCategory(path: string) {
		const body = (await json(path)) as { features: Feature[] };
		const counts: Record<string, number> = {};
		for (const f of body.features)
			counts[f.properties.category] = (counts[f.properties.category] ?? 0) + 1;
		return { total: body.features.length, by_category: counts };
	}

	it('villages/kramsk/summary counts the published needs and resources of Kramsk', async () => {
		const res = await app.request('/api/villages/kramsk/summary');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('application/json');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		const body = await res.json();
		expect(body.village).toMatchObject({ name: 'Kramsk', slug: 'kramsk' });
		const needs = await byCategory('/api/needs.geojson?village=kramsk');
		const resources = await byCategory('/api/resources.geojson?village=kramsk');
		expect(needs.total).toBeGreaterThan(0);
		expect(body.needs).toEqual(needs);
		expect(body.resources).toEqual(resources);
		expect(body.activities).toEqual({ planned: expect.any(Number), done: expect.any(Number) });

		const etag = res.headers.get('etag') ?? '';
		expect(etag).toBeTruthy();
		const again = await app.request('/api/villages/kramsk/summary', {
			headers: { 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
	});

	it('villages/:slug/summary: unknown village 404, malformed slug or parameter 400', async () => {
		const missing = await app.request('/api/villages/nie-ma-takiej/summary');
		expect(missing.status).toBe(404);
		expect((await missing.json()).error).toContain('nie-ma-takiej');
		expect((await app.request('/api/villages/Kramsk!/summary')).status).toBe(400);
		expect((await app.request('/api/villages/kramsk/summary?x=1')).status).toBe(400);
	});

	it('coverage: one row per village (65) with 0 ≤ share ≤ 1, in Polish alphabetical order', async () => {
		const res = await app.request('/api/coverage?category=swietlica&max_m=2000');
		expect(res.status).toBe(200);
		expect(res.headers.get('etag')).toBeTruthy();
		const rows = (await res.json()) as {
			village: string;
			slug: string;
			share: number;
			covered: number;
			address_points: number;
			gap_rank: number;
		}[];
		expect(rows).toHaveLength(65);
		expect(rows.reduce((n, r) => n + r.address_points, 0)).toBe(3829);
		for (const r of rows) {
			expect(r.share).toBeGreaterThanOrEqual(0);
			expect(r.share).toBeLessThanOrEqual(1);
			expect(r.covered).toBeLessThanOrEqual(r.address_points);
		}
		const names = rows.map((r) => r.village);
		expect(names).toEqual([...names].sort(new Intl.Collator('pl').compare));
		expect(rows.some((r) => r.gap_rank === 1)).toBe(true);
		// Without max_m the documented default of 2000 m applies.
		expect(await json('/api/coverage?category=swietlica')).toEqual(rows);
	});

	it('coverage: 400 for a missing or unknown category and a bad max_m', async () => {
		for (const query of [
			'',
			'?max_m=2000',
			'?category=nie-ma&max_m=2000',
			'?category=swietlica&max_m=0',
			'?category=swietlica&max_m=50001',
			'?category=swietlica&max_m=12.5',
			'?category=swietlica&max_m=abc',
			'?category=swietlica&max_m=1&max_m=2',
			'?category=swietlica&radius=5'
		]) {
			const res = await app.request(`/api/coverage${query}`);
			expect(res.status, query).toBe(400);
			expect(typeof (await res.json()).error, query).toBe('string');
		}
	});

	it('solectwa/:slug/summary sums the village summaries of its villages (Borki + Stanisławów)', async () => {
		const res = await app.request('/api/solectwa/borki/summary');
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.solectwo.villages.map((v: { slug: string }) => v.slug).sort()).toEqual([
			'borki',
			'stanislawow'
		]);
		let needs = 0;
		let resources = 0;
		let points = 0;
		for (const slug of ['borki', 'stanislawow']) {
			const village = await json(`/api/villages/${slug}/summary`);
			needs += village.needs.total;
			resources += village.resources.total;
			points += village.village.address_points;
		}
		expect(body.needs.total).toBe(needs);
		expect(body.resources.total).toBe(resources);
		expect(body.solectwo.address_points).toBe(points);
		expect((await app.request('/api/solectwa/nie-ma/summary')).status).toBe(404);
	});
});

// The diagnosis downloads name the village and its current counts (as the open API counts them),
// exactly, and the exports carry the same figures.
describe('diagnosis downloads', () => {
	const pub = (n: number) => String(n);
	const total = async (path: string) =>
		((await json(path)) as { features: unknown[] }).features.length;

	async function pdfText(path: string) {
		const res = await app.request(path);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toMatch(
			/attachment; filename="diagnoza-.+\.pdf"/
		);
		const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
		return (await extractText(pdf, { mergePages: true })).text;
	}

	it('the PDF of Kramsk names the village and its current counts, and those of the gmina', async () => {
		const summary = await json('/api/villages/kramsk/summary');
		const text = await pdfText('/api/diagnoza/kramsk.pdf');
		expect(text).toContain('Diagnoza: Kramsk');
		// The footer of every page: the data snapshot with the counts of the village.
		expect(text).toContain(
			`potrzeby ${pub(summary.needs.total)}, zasoby ${pub(summary.resources.total)}`
		);
		const gminaNeeds = await total('/api/needs.geojson');
		const gminaResources = await total('/api/resources.geojson');
		expect(text).toContain(
			`Gmina Kramsk: potrzeby ${pub(gminaNeeds)}, zasoby ${pub(gminaResources)}`
		);
		expect(text).toContain('Najczęściej zgłaszane potrzeby');
	});

	it('the gmina PDF, the English PDF and an unknown slug', async () => {
		const gmina = await pdfText('/api/diagnoza/gmina.pdf');
		expect(gmina).toContain('Diagnoza: Gmina Kramsk');
		expect(gmina).toContain(`potrzeby ${pub(await total('/api/needs.geojson'))}`);
		const english = await pdfText('/en/api/diagnoza/kramsk.pdf');
		expect(english).toContain('Diagnosis: Kramsk');
		expect(english).toContain('Most frequently reported needs');
		expect(english).not.toContain('Najczęściej');
		const missing = await app.request('/api/diagnoza/nie-ma-takiej.pdf');
		expect(missing.status).toBe(404);
		expect(await missing.text()).toContain('Nie ma diagnozy dla obszaru „nie-ma-takiej”');
	});

	it('CSV and GeoJSON carry the same figures', async () => {
		const summary = await json('/api/villages/kramsk/summary');
		const csv = await app.request('/api/diagnoza/kramsk.csv');
		expect(csv.headers.get('content-type')).toContain('text/csv');
		expect(csv.headers.get('content-disposition')).toContain('diagnoza-kramsk.csv');
		// Response.text() would drop the byte order mark (WHATWG Encoding, "UTF-8 decode").
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
		expect(text.startsWith('\uFEFF')).toBe(true);
		const rows = Papa.parse<Record<string, string>>(text.slice(1), { header: true }).data;
		const value = (section: string, metric: string) =>
			rows.find((r) => r.section === section && r.category === '' && r.metric === metric)?.value;
		expect(value('scope', 'name')).toBe('Kramsk');
		expect(value('totals', 'needs')).toBe(pub(summary.needs.total));
		expect(value('totals', 'resources')).toBe(pub(summary.resources.total));

		const geo = await app.request('/api/diagnoza/solectwo-kramsk.geojson');
		expect(geo.headers.get('content-type')).toContain('application/geo+json');
		const fc = await geo.json();
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features[0].properties).toMatchObject({ kind: 'area', scope: 'solectwo-kramsk' });
		expect(fc.features[0].geometry.type).toMatch(/Polygon/);
		const needs = fc.features.filter(
			(f: { properties: { kind: string } }) => f.properties.kind === 'need'
		);
		expect(String(fc.features[0].properties.figures['totals.needs'])).toBe(pub(needs.length));
	});

	it('the GeoJSON of a diagnosis comes in pages of needs, each valid, continued with next_after', async () => {
		type Collection = {
			type: string;
			features: { properties: { kind: string; ref?: string } }[];
			next_after?: string;
		};
		const all: Collection = await (await app.request('/api/diagnoza/gmina.geojson')).json();
		const refs = all.features
			.filter((f) => f.properties.kind === 'need')
			.map((f) => f.properties.ref);
		expect(refs.length).toBeGreaterThan(2);
		expect(all.next_after).toBeUndefined();

		const first: Collection = await (
			await app.request('/api/diagnoza/gmina.geojson?limit=2')
		).json();
		expect(first.type).toBe('FeatureCollection');
		expect(first.features[0].properties.kind).toBe('area');
		expect(first.features.filter((f) => f.properties.kind === 'need')).toHaveLength(2);
		const paged: (string | undefined)[] = [];
		let page = first;
		for (let n = 0; n < 1000; n++) {
			paged.push(
				...page.features.filter((f) => f.properties.kind === 'need').map((f) => f.properties.ref)
			);
			if (!page.next_after) break;
			const res = await app.request(`/api/diagnoza/gmina.geojson?limit=2&after=${page.next_after}`);
			expect(res.status).toBe(200);
			page = await res.json();
			// Later pages carry the needs only: the area and its figures come once.
			expect(page.features.every((f) => f.properties.kind === 'need')).toBe(true);
		}
		expect(paged).toEqual(refs);

		for (const bad of ['limit=0', 'limit=10001', 'after=%20x', 'page=2']) {
			const res = await app.request(`/api/diagnoza/gmina.geojson?${bad}`);
			expect(res.status, bad).toBe(400);
		}
	});
});
