import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkGeoJson } from '../../src/lib/network/graph.ts';
import type { Network } from '../../src/lib/network/types.ts';
import { claims } from '../db/backends.ts';
import { openApp, type App, type Client } from './app.ts';

// /siec for a year: every partner of a published activity and every joint activity between them,
// in the graph the map draws (its GeoJSON, built from the page's data) and in the page's tables
// as a browser without JavaScript gets them, identically; the open-data JSON says the same. The
// staff view adds the unpublished activity, marked; the public view never shows it.

const YEAR = 2025;
const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint($3::float8, 52.2650), 4326)';

let app: App;
let council: Client;
const ids = { kgw: '', osp: '', school: '', firm: '' };
const names = {
	kgw: 'Koło Gospodyń Wiejskich „Sieć”',
	osp: 'Stowarzyszenie OSP Sieć',
	school: 'Szkoła Podstawowa Sieć',
	firm: 'Firma Sieć'
};

/** Saves an activity as an organizer, the way the panel form does. */
const save = (title: string, startsLocal: string, partners: string[], published: boolean) =>
	app.db.asUser(claims.organizer, (tx) =>
		tx.query('select public.save_activity($1::text::jsonb)', [
			JSON.stringify({
				region: 'kramsk',
				title,
				kind: 'local_partnership',
				programme_category: 'community_animation',
				goals: [],
				starts_local: startsLocal,
				ends_local: '',
				locality: 'kramsk',
				localities: [],
				partners,
				needs: [],
				status: 'held',
				published
			})
		])
	);

beforeAll(async () => {
	app = await openApp({ staff: ['council'] });
	council = await app.signedIn('council');
	// An OSP is registered by its station (category osp) and takes part like any association.
	const category = {
		kgw: 'kgw',
		osp: 'osp',
		school: 'szkola',
		firm: 'przedsiebiorstwo'
	};
	await app.db.asOwner(async (tx) => {
		let x = 18.42;
		for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
			const [row] = await tx.query<{ id: string }>(
				`insert into public.resources (region_id, category, name, point, status)
				 select id, $1, $2, ${IN_KRAMSK}, 'published' from public.regions where slug = 'kramsk'
				 returning id::text as id`,
				[category[key], names[key], (x += 0.002)]
			);
			ids[key] = row.id;
		}
	});
	await save('Dożynki z partnerami', `${YEAR}-09-06T12:00`, [ids.kgw, ids.osp], true);
	await save('Piknik rodzinny', `${YEAR}-03-10T17:00`, [ids.kgw, ids.osp, ids.school], true);
	await save('Warsztaty przedsiębiorczości', `${YEAR}-06-01T10:00`, [ids.school, ids.firm], false);
});
afterAll(async () => {
	await app?.close();
});

const pair = (a: string, b: string, count: number) => `${a} ${b} ${count}`;

/** The published links of the fixture, a's name sorting first. */
const expectedLinks = () =>
	new Set([pair(ids.kgw, ids.osp, 2), pair(ids.kgw, ids.school, 1), pair(ids.osp, ids.school, 1)]);

async function pageData(path: string, client: Pick<Client, 'request'> = app): Promise<Network> {
	const res = await client.request(path);
	expect(res.status).toBe(200);
	return ((await res.json()) as { network: Network }).network;
}

async function html(path: string, client: Pick<Client, 'request'> = app): Promise<string> {
	const res = await client.request(path, { render: true, headers: { accept: 'text/html' } });
	expect(res.status).toBe(200);
	return res.text();
}

const unescape = (text: string) =>
	text
		.replace(/<[^>]*>/g, '')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&')
		.trim();

/** One table of the page, by id: its body rows' attributes and cell texts. */
function tableRows(page: string, id: string): { attrs: Record<string, string>; cells: string[] }[] {
	const start = page.indexOf(`<table id="${id}"`);
	expect(start, id).toBeGreaterThan(-1);
	const table = page.slice(start, page.indexOf('</table>', start));
	const body = table.slice(table.indexOf('<tbody'));
	return [...body.matchAll(/<tr([^>]*)>([\s\S]*?)<\/tr>/g)].map(([, attrs, cells]) => ({
		attrs: Object.fromEntries([...attrs.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k, v])),
		cells: [...cells.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, c]) => unescape(c))
	}));
}

describe('/siec for a year', () => {
	it('shows every partner and every joint activity in the map data and the tables, identically', async () => {
		const network = await pageData(`/siec/__data.json?rok=${YEAR}`);
		const graph = networkGeoJson(network);
		const graphPartners = new Set(graph.partners.features.map((f) => f.properties.id));
		const graphLinks = new Set(
			graph.links.features.map((f) => pair(f.properties.a, f.properties.b, f.properties.count))
		);

		const page = await html(`/siec?rok=${YEAR}`);
		const partnerRows = tableRows(page, 'network-partner-table');
		const linkRows = tableRows(page, 'network-link-table');
		const tablePartners = new Set(partnerRows.map((r) => r.attrs['data-partner']));
		const tableLinks = new Set(
			linkRows.map((r) => pair(r.attrs['data-a'], r.attrs['data-b'], Number(r.attrs['data-count'])))
		);

		// Every partner of a published activity, and no partner of the unpublished one only.
		expect(graphPartners).toEqual(new Set([ids.kgw, ids.osp, ids.school]));
		expect(tablePartners).toEqual(graphPartners);
		expect(graphLinks).toEqual(expectedLinks());
		expect(tableLinks).toEqual(graphLinks);
		expect(linkRows).toHaveLength(graph.links.features.length);

		// The table names both partners and counts the joint activities as the line does.
		const byId = new Map(network.partners.map((p) => [p.id, p.name]));
		for (const row of linkRows) {
			expect(row.cells.slice(0, 3)).toEqual([
				byId.get(row.attrs['data-a']),
				byId.get(row.attrs['data-b']),
				row.attrs['data-count']
			]);
		}
		expect(linkRows[0].cells[3]).toContain('Dożynki z partnerami');
		expect(linkRows[0].cells[3]).toContain('Piknik rodzinny');
		expect(page).not.toContain('Warsztaty przedsiębiorczości');
		expect(page).not.toContain(names.firm);

		// Each line runs between its two partners' points.
		const point = new Map(
			graph.partners.features.map((f) => [f.properties.id, f.geometry.coordinates])
		);
		for (const line of graph.links.features)
			expect(line.geometry.coordinates).toEqual([
				point.get(line.properties.a),
				point.get(line.properties.b)
			]);

		// The map a browser without JavaScript gets (drawn on the server): the same lines and points.
		const svg = page.slice(page.indexOf('<figure class="static-map'), page.indexOf('</figure>'));
		const at = new Map(network.partners.map((p) => [p.id, `${p.x} ${p.y}`]));
		const drawnLines = [
			...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/g)
		]
			.map(([, x1, y1, x2, y2]) => `${x1} ${y1} ${x2} ${y2}`)
			.sort();
		expect(drawnLines).toEqual(
			[...graph.links.features]
				.map((f) => `${at.get(f.properties.a)} ${at.get(f.properties.b)}`)
				.sort()
		);
		expect(svg.match(/<circle /g)).toHaveLength(graph.partners.features.length);

		// The measures, worked out from the fixture.
		expect(network.measures).toMatchObject({
			partners: 3,
			joint_activities: 2,
			new_partners: 3,
			quarters: [3, 0, 2, 0]
		});
	});

	it('the open-data JSON holds the same network', async () => {
		const res = await app.request(`/api/network.json?year=${YEAR}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		const network = (await res.json()) as Network;
		expect(new Set(network.edges.map((e) => pair(e.a, e.b, e.count)))).toEqual(expectedLinks());
		expect(network.partners.map((p) => p.id).sort()).toEqual([ids.kgw, ids.osp, ids.school].sort());
		expect((await app.request('/api/network.json?year=1999')).status).toBe(400);
		expect((await app.request('/api/network.json?category=gotowanie')).status).toBe(400);
		expect((await app.request('/api/network.json?rok=2025')).status).toBe(400);
	});

	it('a category without activities empties the network; a malformed year shows the current one', async () => {
		const civic = await pageData(`/siec/__data.json?rok=${YEAR}&kategoria=civic_activation`);
		expect(civic.partners).toEqual([]);
		expect(civic.edges).toEqual([]);
		const page = await html(`/siec?rok=${YEAR}&kategoria=civic_activation`);
		expect(page).toContain('żadna para partnerów nie prowadziła wspólnego działania');
		const fallback = await pageData('/siec/__data.json?rok=abc');
		expect(fallback.year).toBe(new Date().getUTCFullYear());
	});

	it('is in English under /en', async () => {
		const page = await html(`/en/siec?rok=${YEAR}`);
		expect(page).toContain('<h1>Cooperation network</h1>');
		expect(page).toContain('Joint activities');
	});
});

describe('/panel/siec', () => {
	it('staff see the unpublished activity and its partner too, marked as unpublished', async () => {
		const network = await pageData(`/panel/siec/__data.json?rok=${YEAR}`, council);
		expect(network.partners.map((p) => p.id).sort()).toEqual(Object.values(ids).sort());
		const links = new Set(network.edges.map((e) => pair(e.a, e.b, e.count)));
		expect(links).toEqual(new Set([...expectedLinks(), pair(ids.firm, ids.school, 1)]));
		const page = await html(`/panel/siec?rok=${YEAR}`, council);
		const row = tableRows(page, 'network-link-table').find((r) => r.attrs['data-a'] === ids.firm);
		expect(row?.cells[3]).toContain('Warsztaty przedsiębiorczości');
		expect(row?.cells[3]).toContain('(nieopublikowane)');
		expect(page).toContain('obejmuje także działania nieopublikowane');
	});

	it('is for staff only; the public page shows staff the published network only', async () => {
		const anonymous = await app.request(`/panel/siec?rok=${YEAR}`, {
			render: true,
			headers: { accept: 'text/html' }
		});
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toContain('/logowanie');
		const network = await pageData(`/siec/__data.json?rok=${YEAR}`, council);
		expect(network.partners.map((p) => p.id)).not.toContain(ids.firm);
	});
});
