import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeedListItem, VillageSummary } from '../../src/lib/types.ts';
import { openApp, type App } from './app.ts';

// The home page without JavaScript: what its server load gives the page to render (the villages
// with their counts, the latest and the realised needs), and the map filters read from the query.

let app: App;
beforeAll(async () => {
	app = await openApp();
});
afterAll(async () => {
	await app?.close();
});

interface HomeData {
	villageItems: { needs: { ref: string }[]; resources: { name: string }[] } | null;
	villages: VillageSummary[];
	latest: NeedListItem[];
	realised: NeedListItem[];
	matching: number;
	filter: { kind: string | null; category: string | null; status: string | null };
}

interface NeedFeature {
	properties: { ref: string; kind: string; category: string; status: string };
}

const home = async (query = ''): Promise<HomeData> => {
	const res = await app.request(`/__data.json${query}`);
	expect(res.status).toBe(200);
	return (await res.json()) as HomeData;
};

/**
 * The map's own data: what the lists must agree with, newest report first (the demo data's
 * needs share one creation time: the later reference first among them).
 */
const mapNeeds = async (): Promise<NeedFeature['properties'][]> => {
	const body = (await (await app.request('/api/needs.geojson')).json()) as {
		features: NeedFeature[];
	};
	const created = new Map(
		(
			await app.db.asOwner((tx) =>
				tx.query<{ ref: string; at: string }>(
					"select ref, to_char(created_at, 'YYYYMMDDHH24MISSUS') as at from public.needs"
				)
			)
		).map((row) => [row.ref, row.at])
	);
	const key = (ref: string) => `${created.get(ref) ?? ''} ${ref}`;
	return body.features
		.map((feature) => feature.properties)
		.sort((a, b) => key(b.ref).localeCompare(key(a.ref)));
};

describe('the home page without JavaScript', () => {
	it('lists the 65 villages with their counts of resources and needs', async () => {
		const data = await home();
		expect(data.villages).toHaveLength(65);
		const kramsk = data.villages.find((village) => village.slug === 'kramsk');
		expect(kramsk?.needs).toBeGreaterThan(0);
		expect(kramsk?.resources).toBeGreaterThan(0);
		const summary = await (await app.request('/api/villages/kramsk/summary')).json();
		expect(kramsk?.needs).toBe(summary.needs.total);
	});

	it('lists the ten latest public needs, newest first, and the realised ones', async () => {
		const data = await home();
		const all = await mapNeeds();
		expect(all.length).toBeGreaterThan(10);
		expect(data.matching).toBe(all.length);
		expect(data.latest.map((need) => need.ref)).toEqual(all.slice(0, 10).map((need) => need.ref));
		for (const need of data.latest) expect(need.ref).toMatch(/^[A-Z]{2}-\d{4}-\d{4}$/);

		const done = all.filter((need) => need.status === 'done');
		expect(done.length).toBeGreaterThan(0);
		expect(data.realised).toHaveLength(Math.min(5, done.length));
		const doneRefs = done.map((need) => need.ref);
		for (const need of data.realised) expect(doneRefs).toContain(need.ref);
	});

	it('lists the realised needs newest realisation first, not by the date of the report', async () => {
		// Realised after everything in the demo data, in the opposite order of their reports: the
		// oldest report was realised last.
		const refs = await app.db.asOwner(async (tx) => {
			const made: string[] = [];
			for (const [title, reported, realised] of [
				['Zrealizowane: stary raport, realizacja ostatnia', '400 days', '3 minutes'],
				['Zrealizowane: nowy raport, realizacja druga', '1 minute', '2 minutes'],
				['Zrealizowane: średni raport, realizacja pierwsza', '200 days', '1 minute']
			]) {
				const [{ id, ref }] = await tx.query<{ id: string; ref: string }>(
					`insert into public.needs (region_id, kind, category, title, point, status, created_at)
					 select r.id, 'need', 'seniorzy', $1,
					   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326), 'done',
					   now() - $2::interval
					 from public.regions r where r.slug = 'kramsk' returning id, ref`,
					[title, reported]
				);
				await tx.query(
					`insert into public.need_events (need_id, status, created_at) values ($1, 'done', now() + $2::interval)`,
					[id, realised]
				);
				made.push(ref);
			}
			return made;
		});
		const data = await home();
		expect(data.realised.slice(0, 3).map((need) => need.ref)).toEqual(refs);
	});

	it('lists five needs realised at one moment (a bulk import), the later-recorded first', async () => {
		// Seven needs whose 'done' events share one time, later than anything else here, recorded
		// in the opposite order of the needs' references.
		const refs = await app.db.asOwner(async (tx) => {
			const made: { id: string; ref: string }[] = [];
			for (let i = 1; i <= 7; i++) {
				const [need] = await tx.query<{ id: string; ref: string }>(
					`insert into public.needs (region_id, kind, category, title, point, status)
					 select r.id, 'need', 'seniorzy', $1,
					   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326), 'done'
					 from public.regions r where r.slug = 'kramsk' returning id, ref`,
					[`Zrealizowane razem ${i}`]
				);
				made.push(need);
			}
			for (const { id } of [...made].reverse())
				await tx.query(
					`insert into public.need_events (need_id, status, created_at)
					 values ($1, 'done', date_trunc('minute', now()) + interval '1 hour')`,
					[id]
				);
			return made.map((need) => need.ref);
		});
		try {
			const data = await home();
			expect(data.realised.map((need) => need.ref)).toEqual(refs.slice(0, 5));
		} finally {
			await app.db.asOwner((tx) =>
				tx.query(`delete from public.needs where title like 'Zrealizowane razem %'`)
			);
		}
	});

	it('filters the lists by kind, category and status from the query', async () => {
		const all = await mapNeeds();
		const ideas = await home('?rodzaj=idea');
		expect(ideas.filter).toEqual({ kind: 'idea', category: null, status: null });
		expect(ideas.matching).toBe(all.filter((need) => need.kind === 'idea').length);
		expect(ideas.latest.length).toBeGreaterThan(0);
		expect(ideas.latest.every((need) => need.kind === 'idea')).toBe(true);
		expect(ideas.realised.every((need) => need.kind === 'idea' && need.status === 'done')).toBe(
			true
		);

		const category = all[0].category;
		const open = await home(`?kategoria=${category}&stan=open`);
		const expected = all.filter((need) => need.category === category && need.status !== 'done');
		expect(open.matching).toBe(expected.length);
		expect(open.latest.map((need) => need.ref)).toEqual(
			expected.slice(0, 10).map((need) => need.ref)
		);

		const done = await home('?stan=done');
		expect(done.latest.length).toBeGreaterThan(0);
		expect(done.latest.every((need) => need.status === 'done')).toBe(true);
	});

	it('ignores filter values that are not among the choices', async () => {
		const data = await home('?rodzaj=kot&kategoria=nie-ma-takiej&stan=new');
		expect(data.filter).toEqual({ kind: null, category: null, status: null });
		expect(data.matching).toBe((await mapNeeds()).length);
	});

	it('lists the chosen village’s needs and resources (?wies=), each need linked to its page', async () => {
		expect((await home()).villageItems).toBeNull();
		expect((await home('?wies=nie-ma-takiej')).villageItems).toBeNull();
		const data = await home('?wies=kramsk');
		const kramsk = data.villages.find((village) => village.slug === 'kramsk');
		expect(data.villageItems?.needs).toHaveLength(kramsk?.needs ?? -1);
		expect(data.villageItems?.resources).toHaveLength(kramsk?.resources ?? -1);
		const map = (await (await app.request('/api/needs.geojson?village=kramsk')).json()) as {
			features: NeedFeature[];
		};
		expect(data.villageItems?.needs.map((need) => need.ref)).toEqual(
			map.features.map((feature) => feature.properties.ref)
		);

		// Rendered without JavaScript: the open village lists its needs as links to their pages.
		const res = await app.request('/?wies=kramsk', {
			render: true,
			headers: { accept: 'text/html' }
		});
		const html = await res.text();
		expect(html).toContain('id="village-details-kramsk"');
		const details = html.slice(html.indexOf('id="village-details-kramsk"'));
		for (const need of data.villageItems?.needs ?? [])
			expect(details).toContain(`href="/potrzeby/${need.ref}"`);
		for (const resource of data.villageItems?.resources ?? [])
			expect(details).toContain(resource.name.replaceAll('&', '&amp;').replaceAll('"', '&quot;'));
	});

	it('the home page lists without JavaScript the villages and the latest needs, linked', async () => {
		const data = await home();
		const res = await app.request('/en', { render: true, headers: { accept: 'text/html' } });
		const html = await res.text();
		for (const need of data.latest) expect(html).toContain(`href="/en/potrzeby/${need.ref}"`);
		for (const village of data.villages) expect(html).toContain(`value="${village.slug}"`);
		// Every linked need page exists.
		for (const need of data.latest.slice(0, 3))
			expect((await app.request(`/potrzeby/${need.ref}/__data.json`)).status).toBe(200);
	});
});

describe('the first screen without MapLibre', () => {
	it('draws the 65 villages as a static SVG map whose areas link to the villages', async () => {
		const res = await app.request('/?kategoria=drogi', {
			render: true,
			headers: { accept: 'text/html' }
		});
		const html = await res.text();
		const start = html.indexOf('<svg');
		const svg = html.slice(start, html.indexOf('</svg>', start));
		expect(svg).toMatch(/role="group"/);
		expect(svg).toContain('<title');
		expect(svg).toContain('Mapa wsi: ');
		const links = [
			...svg.matchAll(/<a href="([^"]+)"[^>]*aria-label="([^"]+)"[^>]*>\s*<path d="M [^"]+"/g)
		];
		expect(links).toHaveLength(65);
		// Every village once, its link keeping the page's filter; the names are the list's.
		const { villages } = await home();
		expect(links.map(([, href]) => href)).toEqual(
			villages.map((village) => `/?kategoria=drogi&amp;wies=${village.slug}`)
		);
		expect(links.map(([, , name]) => name)).toEqual(
			villages.map((village) => `${village.name}: potrzeby i zasoby wsi`)
		);
		// MapLibre is neither in the page nor its style sheet: it comes later, when wanted.
		expect(/maplibre/i.test(html)).toBe(false);
	});

	it('marks the chosen village on the static map', async () => {
		const html = await (
			await app.request('/en?wies=kramsk', { render: true, headers: { accept: 'text/html' } })
		).text();
		const current = [...html.matchAll(/<a href="([^"]+)"[^>]*aria-current="page"[^>]*data-slug/g)];
		expect(current.map(([, href]) => href)).toEqual(['/en/?wies=kramsk']);
		expect(html.includes('Map of the villages: ')).toBe(true);
	});
});
