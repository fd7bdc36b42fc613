import axe from 'axe-core';
import JSZip from 'jszip';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageTexts } from '../pdf.ts';
import { ORIGIN, openApp, type App, type Client } from './app.ts';

// The village fund through the app, as the admin, an organizer and a resident meet it: switched
// off it does not exist; switched on, the sołectwo's amount is the statutory formula
// (ustawa o funduszu sołeckim art. 3 ust. 1), proposals over it are refused with a Polish
// message that keeps what was typed, an adopted proposal plans its need with the public note,
// and the wniosek (PDF and Word) lists the proposals with their costs and justifications.

const YEAR = 2027;
const fromHere = { origin: ORIGIN, accept: 'text/html' };
// Wb = 19 886 293,57 zł and Lmg = 5 138 give Kb = 3 870,43 zł; Lm = 77 gives
// (2 + 77/100) × 3 870,43 = 10 721,0911 → 10 721,09 zł.
const AMOUNT = '10 721,09 zł';
const JUSTIFICATION = 'Mieszkańcy nie mają gdzie usiąść przy świetlicy.';

let app: App;
let admin: Client;
let organizer: Client;
let council: Client;
let solectwo = '';
let need = { id: '', ref: '' };

/** The status of a page or a document as a browser would get it. */
const statusOf = async (path: string) =>
	(path.startsWith('/api/')
		? await app.request(path)
		: await app.request(path, { headers: { accept: 'text/html' }, render: true })
	).status;

/**
 * axe-core's serious and critical violations of a page as a browser without JavaScript gets it, run inside jsdom.
 * jsdom lays nothing out, so the rules that need rendering (colour contrast, target size) are
 * the browser sweep's (tests/e2e/all-pages.e2e.ts); the structure rules run here.
 */
async function axeViolations(client: Client | App, path: string) {
	const res = await client.request(path, { headers: { accept: 'text/html' }, render: true });
	expect(res.status, path).toBe(200);
	const dom = new JSDOM(await res.text(), { runScripts: 'outside-only', url: `${ORIGIN}${path}` });
	dom.window.eval(axe.source);
	// The browser sweep's standard (tests/e2e/report-helpers.ts): these tags, serious or critical.
	const results = await (dom.window as unknown as { axe: typeof axe }).axe.run(
		dom.window.document,
		{
			runOnly: {
				type: 'tag',
				values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']
			},
			rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } }
		}
	);
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Intl writes thin and no-break spaces; the tests read them as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function post(client: Client, path: string, form: Record<string, string | string[]>) {
	const body = new FormData();
	for (const [name, value] of Object.entries(form))
		for (const item of [value].flat()) body.append(name, item);
	return client.request(path, { method: 'POST', body, headers: fromHere });
}

const html = async (client: Client | App, path: string) => {
	const res = await client.request(path, { headers: { accept: 'text/html' }, render: true });
	return { status: res.status, text: plain(await res.text()) };
};

beforeAll(async () => {
	app = await openApp({ staff: ['organizer', 'admin', 'council'] });
	admin = await app.signedIn('admin');
	organizer = await app.signedIn('organizer');
	council = await app.signedIn('council');
	// A sołectwo of Kramsk with a public need in one of its villages (demo data).
	const [row] = await app.db.asOwner((tx) =>
		tx.query<{ slug: string; id: string; ref: string }>(
			`select s.slug, n.id::text as id, n.ref from public.solectwa s
			 join public.solectwo_localities sl on sl.solectwo_id = s.id
			 join public.needs n on n.locality_id = sl.locality_id
			 where n.status in ('published', 'in_analysis') and n.hidden_at is null
			 order by s.slug, n.ref limit 1`
		)
	);
	solectwo = row.slug;
	need = { id: row.id, ref: row.ref };
});
afterAll(async () => {
	await app?.close();
});

describe('the village fund', () => {
	it('does not exist while the gmina has not established it', async () => {
		for (const path of [
			'/fundusz-solecki',
			`/fundusz-solecki/${YEAR}`,
			`/api/fundusz/${YEAR}/${solectwo}.pdf`
		])
			expect(await statusOf(path), path).toBe(404);
		expect((await html(organizer, '/panel/fundusz')).status).toBe(404);
		const home = await html(app, '/deklaracja-dostepnosci');
		expect(home.text).not.toContain('href="/fundusz-solecki"');
	});

	it('computes the amount, refuses proposals over it and writes the wniosek', async () => {
		// The admin switches the fund on and enters the base amount and the residents.
		expect(
			(
				await post(admin, '/panel/fundusz?/settings', {
					established: 'on',
					resolution: 'Uchwała nr I/1/2026'
				})
			).status
		).toBe(200);
		const year = await post(admin, '/panel/fundusz?/year', {
			year: String(YEAR),
			current_revenue: '19 886 293,57',
			gmina_population: '5138',
			source: 'Sprawozdanie Rb-27S'
		});
		expect(year.status).toBe(303);
		const panel = `/panel/fundusz/${YEAR}/${solectwo}`;
		const allocation = await post(admin, `${panel}?/allocation`, {
			population: '77',
			population_date: `${YEAR - 1}-06-30`,
			override_amount: '',
			override_reason: ''
		});
		expect(allocation.status).toBe(200);
		// An organizer may not enter the residents.
		expect(
			(
				await post(organizer, `${panel}?/allocation`, {
					population: '500',
					population_date: `${YEAR - 1}-06-30`
				})
			).status
		).toBe(403);

		const page = await html(app, `/fundusz-solecki/${YEAR}/${solectwo}`);
		expect(page.status).toBe(200);
		expect(page.text).toContain(AMOUNT);
		const list = await html(app, `/fundusz-solecki/${YEAR}`);
		expect(list.text).toContain(AMOUNT);
		// The footer links to the fund now.
		expect(list.text).toContain('href="/fundusz-solecki"');

		// Proposals: one fits, the next would exceed the amount and is refused with the figures.
		const first = {
			title: 'Ławki przy świetlicy',
			cost: '6000',
			justification: JUSTIFICATION,
			status: 'draft',
			needs: [need.id]
		};
		expect((await post(organizer, `${panel}?/proposal`, first)).status).toBe(200);
		// A draft is the staff's: residents do not see it yet.
		expect((await html(app, `/fundusz-solecki/${YEAR}/${solectwo}`)).text).not.toContain(
			first.title
		);
		const over = {
			title: 'Festyn sołecki',
			cost: '5000,50',
			justification: 'Integracja mieszkańców.',
			status: 'draft'
		};
		const refused = await organizer.request(`${panel}?/proposal`, {
			method: 'POST',
			body: (() => {
				const f = new FormData();
				for (const [k, v] of Object.entries(over)) f.append(k, v);
				return f;
			})(),
			headers: fromHere,
			render: true
		});
		expect(refused.status).toBe(422);
		const document = new JSDOM(await refused.text()).window.document;
		const summary = document.querySelector('.error-summary');
		expect(plain(summary?.textContent ?? '')).toContain(
			`Suma kosztów przedsięwzięć (11 000,50 zł) przekracza kwotę funduszu sołectwa (${AMOUNT})`
		);
		// What was typed comes back: the name, the cost as written, the justification.
		expect(document.querySelector('input[name="title"]')?.getAttribute('value')).toBe(over.title);
		expect(document.querySelector('input[name="cost"]')?.getAttribute('value')).toBe(over.cost);
		expect(document.querySelector('textarea[name="justification"]')?.textContent).toBe(
			over.justification
		);
		expect(summary?.querySelector('h2')?.textContent).toBe('Nie zapisano przedsięwzięcia');

		// The assembly adopts the first proposal: its need is planned "z funduszu sołeckiego".
		expect(
			(
				await post(organizer, `${panel}?/assembly`, {
					held_on: `${YEAR - 1}-09-12`,
					attendance: '31',
					initiator: 'soltys',
					initiator_count: '',
					notes: ''
				})
			).status
		).toBe(200);
		const [{ id }] = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>(
				`select id::text as id from public.village_fund_proposals where title = $1`,
				[first.title]
			)
		);
		const adopted = {
			...first,
			id,
			status: 'adopted',
			votes_for: '25',
			votes_against: '4',
			votes_abstain: '2'
		};
		expect((await post(organizer, `${panel}?propozycja=${id}&/proposal`, adopted)).status).toBe(
			200
		);
		const [event] = await app.db.asOwner((tx) =>
			tx.query<{ status: string; note: string }>(
				'select status, note from public.need_events where need_id = $1 order by id desc limit 1',
				[need.id]
			)
		);
		expect(event).toEqual({ status: 'planned', note: `z funduszu sołeckiego na rok ${YEAR}` });

		// Residents see the proposal once the assembly decided on it, in Polish and in English.
		const decided = await html(app, `/fundusz-solecki/${YEAR}/${solectwo}`);
		expect(decided.text).toContain(first.title);
		expect(decided.text).toContain(`/potrzeby/${need.ref}`);
		expect(decided.text).not.toContain(over.title);
		const english = await html(app, `/en/fundusz-solecki/${YEAR}/${solectwo}`);
		expect(english.text).toContain(`Village fund for ${YEAR}`);
		expect(english.text).toContain('PLN 10,721.09');

		// The public pages and the panel page pass axe's structure rules, in both languages.
		for (const path of [`/fundusz-solecki/${YEAR}`, `/fundusz-solecki/${YEAR}/${solectwo}`])
			for (const prefix of ['', '/en'])
				expect(await axeViolations(app, `${prefix}${path}`), `${prefix}${path}`).toEqual([]);
		expect(await axeViolations(admin, `${panel}?propozycja=${id}`)).toEqual([]);
		expect(await axeViolations(admin, `/panel/fundusz?rok=${YEAR}`)).toEqual([]);

		// The wniosek names the proposal, its cost and justification, in both formats.
		const pdf = await app.request(`/api/fundusz/${YEAR}/${solectwo}.pdf`);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		const pdfText = plain((await pageTexts(new Uint8Array(await pdf.arrayBuffer()))).join('\n'));
		for (const expected of ['Wniosek sołectwa', first.title, '6000,00 zł', JUSTIFICATION, AMOUNT])
			expect(pdfText).toContain(expected);
		const docx = await app.request(`/api/fundusz/${YEAR}/${solectwo}.docx`);
		expect(docx.status).toBe(200);
		const zip = await JSZip.loadAsync(new Uint8Array(await docx.arrayBuffer()));
		const xml = plain((await zip.file('word/document.xml')?.async('string')) ?? '');
		const words = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('\n');
		for (const expected of [first.title, '6000,00 zł', JUSTIFICATION, '25 / 4 / 2'])
			expect(words).toContain(expected);
		expect(xml).toContain('<w:tblHeader/>');

		// The panel: editors get the forms, council members read and may not post.
		const forms = async (client: Client) => {
			const res = await client.request(panel, { headers: { accept: 'text/html' }, render: true });
			expect(res.status).toBe(200);
			const doc = new JSDOM(await res.text()).window.document;
			return [...doc.querySelectorAll('form[method="POST"]')]
				.map((f) => f.getAttribute('action') ?? '')
				.filter((a) => a !== '/wyloguj');
		};
		expect(await forms(admin)).toEqual(['?/allocation', '?/assembly', '?/proposal']);
		expect(await forms(organizer)).toEqual(['?/assembly', '?/proposal']);
		expect(await forms(council)).toEqual([]);
		expect((await post(council, `${panel}?/proposal`, over)).status).toBe(403);

		// Deleting a proposal asks for the tick first.
		const extra = { ...over, title: 'Do usunięcia', cost: '100' };
		expect((await post(organizer, `${panel}?/proposal`, extra)).status).toBe(200);
		const [gone] = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>(
				`select id::text as id from public.village_fund_proposals where title = $1`,
				[extra.title]
			)
		);
		const remove = `${panel}?propozycja=${gone.id}&/delete`;
		expect((await post(organizer, remove, { id: gone.id })).status).toBe(422);
		expect((await post(organizer, remove, { id: gone.id, confirm: 'on' })).status).toBe(200);
		const left = await app.db.asOwner((tx) =>
			tx.query('select 1 from public.village_fund_proposals where id = $1', [gone.id])
		);
		expect(left).toHaveLength(0);

		// Switched off again, every page and document is gone.
		expect((await post(admin, '/panel/fundusz?/settings', { resolution: '' })).status).toBe(200);
		for (const path of [
			`/fundusz-solecki/${YEAR}/${solectwo}`,
			`/api/fundusz/${YEAR}/${solectwo}.docx`
		])
			expect(await statusOf(path), path).toBe(404);
	});
});
