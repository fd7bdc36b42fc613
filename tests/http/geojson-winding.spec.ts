import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claims } from '../db/backends.ts';
import { checkWinding, type WindingReport } from '../winding.ts';
import { openApp, type App, type Client } from './app.ts';

// RFC 7946 §3.1.6 on every GeoJSON response of the app: every polygon has a counter-clockwise
// exterior ring and clockwise holes. The routes are enumerated from the route tree (a
// `.geojson` route, or a handler that answers application/geo+json), so a new GeoJSON endpoint
// fails here until it is listed below with the URLs that reach it.

const SERVERS = import.meta.glob<string>('../../src/routes/**/+server.ts', {
	query: '?raw',
	import: 'default',
	eager: true
});

const GEOJSON_ROUTES = Object.entries(SERVERS)
	.filter(([file, source]) => file.includes('.geojson/') || source.includes('geo+json'))
	.map(([file]) => file.replace('../../src/routes', '').replace(/\/\+server\.ts$/, ''))
	.sort();

let app: App;
let council: Client;
beforeAll(async () => {
	app = await openApp({ staff: ['council'] });
	council = await app.signedIn('council');
});
afterAll(async () => {
	await app?.close();
});

/** A closed consultation with its frozen results, as an organiser would hold it. */
async function closedConsultation(): Promise<string> {
	return app.db.asUser(claims.organizer, async (tx) => {
		// Wall-clock times in Warsaw; three hours either side covers its UTC offset.
		const local = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 16);
		const [{ v }] = await tx.query<{ v: { code: string } }>(
			'select public.create_consultation($1::text::jsonb) as v',
			[
				JSON.stringify({
					region: 'kramsk',
					question: 'Gdzie brakuje ławek?',
					locality: 'kramsk',
					solectwo: null,
					starts_at: local(-3 * 3_600_000),
					ends_at: local(3 * 3_600_000),
					hold: false
				})
			]
		);
		await tx.query('select public.close_consultation($1)', [v.code]);
		return v.code;
	});
}

/** Every URL that reaches each GeoJSON route: for parametrised ones, every value there is. */
async function urlsByRoute(): Promise<Record<string, string[]>> {
	const index = (await (await app.request('/diagnoza/__data.json')).json()) as {
		scopes: { gmina: { slug: string }; villages: { slug: string }[]; solectwa: { slug: string }[] };
	};
	const { gmina, villages, solectwa } = index.scopes;
	const scopes = [gmina, ...villages, ...solectwa].map((s) => s.slug);
	return {
		'/api/diagnoza/[slug].geojson': scopes.map((slug) => `/api/diagnoza/${slug}.geojson`),
		'/api/konsultacje/[code]/wyniki.geojson': [
			`/api/konsultacje/${await closedConsultation()}/wyniki.geojson`
		],
		'/api/needs.geojson': ['/api/needs.geojson'],
		'/api/region.geojson': ['/api/region.geojson'],
		'/api/resources.geojson': ['/api/resources.geojson'],
		'/api/villages.geojson': ['/api/villages.geojson'],
		'/panel/zasoby/eksport.[format]': ['/panel/zasoby/eksport.geojson']
	};
}

describe('RFC 7946 winding of every GeoJSON response', () => {
	it('every polygon of every GeoJSON endpoint and export has a CCW exterior and CW holes', async () => {
		const urls = await urlsByRoute();
		expect(Object.keys(urls).sort()).toEqual(GEOJSON_ROUTES);
		const reports: WindingReport[] = [];
		for (const url of Object.values(urls).flat()) {
			// The staff export needs a session; the public endpoints answer it the same.
			const res = await council.request(url);
			expect(res.status, url).toBe(200);
			expect(res.headers.get('content-type'), url).toContain('application/geo+json');
			reports.push(checkWinding(await res.json(), url));
		}
		expect(reports.flatMap((r) => r.errors)).toEqual([]);
		// The areas are there to be checked: 65 villages, the gmina, and each diagnosis area.
		const polygons = reports.reduce((n, r) => n + r.polygons, 0);
		expect(polygons).toBeGreaterThan(65 + 1 + urls['/api/diagnoza/[slug].geojson'].length);
	});

	it('the planning page data gives the chosen area wound the same way', async () => {
		const index = (await (await app.request('/diagnoza/__data.json')).json()) as {
			scopes: { solectwa: { slug: string }[] };
		};
		const solectwo = index.scopes.solectwa[0].slug.replace(/^solectwo-/, '');
		for (const query of ['wies=kramsk', `solectwo=${solectwo}`]) {
			const url = `/panel/planowanie/__data.json?${query}`;
			const res = await council.request(url);
			expect(res.status, url).toBe(200);
			const report = checkWinding(await res.json(), url);
			expect(report.errors).toEqual([]);
			expect(report.polygons, url).toBeGreaterThan(0);
		}
	});
});
