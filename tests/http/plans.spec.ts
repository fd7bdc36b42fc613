import JSZip from 'jszip';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanDoc } from '../../src/lib/plans/types.ts';
import { getDocumentProxy } from 'unpdf';
import { elements, roles, structure, tagging } from '../pdf.ts';
import { openApp, ORIGIN, type App, type Client } from './app.ts';

// The organizing plan and its yearly report, end to end without JavaScript: a village plan for
// this year written and published through the panel's form, two activities of different
// categories linked to needs, an activity completed with 25 participants, and the plan's
// indicator, the report and both documents (PDF, DOCX) showing the figure.

let app: App;
let organizer: Client;
let council: Client;
let year = 0;
let village = '';
const fx = { a1: '', a2: '', needs: [] as { id: string; title: string }[], partner: '' };

const rows = <T>(sql: string, params: unknown[] = []) =>
	app.db.asOwner((tx) => tx.query<T & Record<string, unknown>>(sql, params));

beforeAll(async () => {
	app = await openApp({ staff: ['organizer', 'council'] });
	organizer = await app.signedIn('organizer');
	council = await app.signedIn('council');
	year = Number(
		(
			await rows<{ y: string }>(
				"select extract(year from now() at time zone 'Europe/Warsaw')::text as y"
			)
		)[0].y
	);
	// A village of the demo data with two public needs, and a partner organisation.
	const [pick] = await rows<{ slug: string; id: string }>(
		`select l.slug, l.id::text as id from public.localities l join public.regions r on r.id = l.region_id
		 where r.slug = 'kramsk' and (select count(*) from public.needs n where n.locality_id = l.id
		   and n.status = 'published' and n.hidden_at is null) >= 2
		 order by l.slug limit 1`
	);
	village = pick.slug;
	fx.needs = await rows<{ id: string; title: string }>(
		`select id::text as id, title from public.needs where locality_id = $1 and status = 'published'
		 and hidden_at is null order by ref limit 2`,
		[pick.id]
	);
	const [partner] = await rows<{ id: string; name: string }>(
		`select id::text as id, name from public.resources where status = 'published'
		 and private.is_partner_category(category) order by name limit 1`
	);
	fx.partner = partner.name;
	const activity = async (title: string, category: string, need: string) => {
		const [a] = await rows<{ id: string }>(
			`insert into public.activities (region_id, title, programme_category, kind, locality_id, published, starts_at)
			 select r.id, $1, $2, 'workshop', $3, true, now() from public.regions r where r.slug = 'kramsk'
			 returning id::text as id`,
			[title, category, pick.id]
		);
		await rows('insert into public.activity_needs (activity_id, need_id) values ($1, $2)', [
			a.id,
			need
		]);
		await rows('insert into public.activity_partners (activity_id, resource_id) values ($1, $2)', [
			a.id,
			partner.id
		]);
		return a.id;
	};
	fx.a1 = await activity('Warsztaty planu', 'community_animation', fx.needs[0].id);
	fx.a2 = await activity('Zebranie planu', 'civic_activation', fx.needs[1].id);
});
afterAll(async () => {
	await app?.close();
});

async function post(client: Client, path: string, fields: Record<string, string | string[]>) {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields))
		for (const item of [value].flat()) body.append(name, item);
	return client.request(path, {
		method: 'POST',
		body,
		headers: { origin: ORIGIN, accept: 'text/html' },
		render: true
	});
}

const planData = async (client: Client | App, path: string) =>
	(await (await client.request(`${path}/__data.json`)).json()) as { doc?: PlanDoc };

const page = async (client: Client | App, path: string) => {
	const res = await client.request(path, { headers: { accept: 'text/html' }, render: true });
	return { status: res.status, document: new JSDOM(await res.text()).window.document };
};

const cells = (document: Document, testid: string) =>
	[...document.querySelectorAll(`[data-testid="${testid}"] tbody tr`)].map((tr) =>
		[...tr.children].map((c) => c.textContent?.trim())
	);

describe('a village plan for this year', () => {
	it('is written and published in the panel, and shows its activities, needs and partners', async () => {
		const path = `/panel/plany?rok=${year}&obszar=${village}&/publish`;
		const res = await post(organizer, path, {
			body: 'Plan pracy na rok.',
			goals: ['social_bonds', 'cultural_activity'],
			note_social_bonds: 'Spotkania sąsiedzkie',
			needs_social_bonds: fx.needs[0].id,
			target_community_animation: '2',
			target_participants: '40',
			confirm: 'on'
		});
		expect(res.status).toBe(200);
		const { status, document } = await page(app, `/plany/${year}/${village}`);
		expect(status).toBe(200);
		const text = document.body.textContent ?? '';
		for (const want of [
			'Warsztaty planu',
			'Zebranie planu',
			fx.partner,
			...fx.needs.map((n) => n.title)
		])
			expect(text).toContain(want);
		expect(document.querySelectorAll('[data-testid="plan-activity"]')).toHaveLength(2);
		expect(document.querySelector(`a[href="/diagnoza/${village}"]`)).not.toBeNull();
		const indicators = cells(document, 'plan-indicators');
		expect(indicators.find((r) => r[0] === 'Uczestnicy')).toEqual(['Uczestnicy', '40', '0']);
	});

	it('shows 25 participants in the plan and the report once an activity is completed', async () => {
		const done = await post(organizer, `/panel/dzialania/${fx.a1}?/outcome`, {
			participants: '25',
			volunteers: '3',
			notes: ''
		});
		expect(done.status).toBe(200);
		const plan = await page(app, `/plany/${year}/${village}`);
		expect(cells(plan.document, 'plan-indicators').find((r) => r[0] === 'Uczestnicy')).toEqual([
			'Uczestnicy',
			'40',
			'25'
		]);
		// No report yet: 404 for everyone until one is written and published.
		expect((await page(app, `/plany/${year}/${village}/sprawozdanie`)).status).toBe(404);
		const published = await post(
			organizer,
			`/panel/plany?rok=${year}&obszar=${village}&/publishReport`,
			{
				report_body: 'Rok pracy.',
				figure_label_0: 'Koszty materiałów',
				figure_value_0: '1 200,50',
				figure_unit_0: 'zł',
				confirm: 'on'
			}
		);
		expect(published.status).toBe(200);
		const report = await page(app, `/plany/${year}/${village}/sprawozdanie`);
		expect(report.status).toBe(200);
		const row = cells(report.document, 'report-indicators').find((r) => r[0] === 'Uczestnicy');
		expect(row?.slice(0, 3)).toEqual(['Uczestnicy', '40', '25']);
		expect(cells(report.document, 'report-held')).toEqual([
			['Warsztaty planu', 'Warsztaty', expect.any(String), '25', '3']
		]);
		expect(cells(report.document, 'report-partners')).toEqual([[fx.partner, '1']]);
		expect(cells(report.document, 'report-manual')).toEqual([
			['Koszty materiałów (wpisane ręcznie)', '1200,5 zł']
		]);
		const data = await planData(app, `/plany/${year}/${village}/sprawozdanie`);
		expect(data.doc?.achieved).toMatchObject({ participants: 25, volunteers: 3, activities: 1 });
	});

	it('keeps drafts from the public; council reads them but cannot write', async () => {
		const saved = await post(organizer, `/panel/plany?rok=${year}&obszar=gmina&/save`, {
			body: 'Szkic planu gminy.'
		});
		expect(saved.status).toBe(200);
		expect((await page(app, `/plany/${year}/gmina`)).status).toBe(404);
		const draft = await page(council, `/plany/${year}/gmina`);
		expect(draft.status).toBe(200);
		expect(draft.document.querySelector('[data-testid="plan-state"]')?.textContent).toContain(
			'Wersja robocza'
		);
		const refused = await post(council, `/panel/plany?rok=${year}&obszar=gmina&/save`, {
			body: 'Zmiana'
		});
		expect(refused.status).toBe(403);
		const index = await page(app, '/plany');
		expect(index.document.querySelector(`a[href="/plany/${year}/${village}"]`)).not.toBeNull();
		expect(index.document.querySelector(`a[href="/plany/${year}/gmina"]`)).toBeNull();
	});

	it('refuses a target that is not a whole number, keeping what was typed', async () => {
		const res = await post(organizer, `/panel/plany?rok=${year}&obszar=${village}&/save`, {
			body: 'Zmieniony plan',
			target_participants: '-4'
		});
		expect(res.status).toBe(422);
		const { document } = new JSDOM(await res.text()).window;
		expect(document.querySelector('.error-summary h2')?.textContent).toBe('Nie zapisano planu');
		expect(document.querySelector<HTMLInputElement>('[name="target_participants"]')?.value).toBe(
			'-4'
		);
		expect(document.querySelector('[name="body"]')?.textContent).toBe('Zmieniony plan');
	});
});

/** The parts of a .docx that say how it is built. */
async function docx(path: string) {
	const res = await app.request(path);
	expect(res.status, path).toBe(200);
	const zip = await JSZip.loadAsync(new Uint8Array(await res.arrayBuffer()));
	const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
	const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
	return {
		document,
		styles,
		tables: document.match(/<w:tbl>/g)?.length ?? 0,
		headerRows: document.match(/<w:tblHeader\/>/g)?.length ?? 0,
		headings: [...document.matchAll(/<w:pStyle w:val="(Heading[1-3])"/g)].map((h) => h[1])
	};
}

describe('the documents of the plan and the report', () => {
	it.each(['', '/sprawozdanie'])(
		'…%s: a tagged PDF and a structured Word document',
		async (part) => {
			const base = `/api/plany/${year}/${village}${part}`;
			const pdf = await app.request(`${base}.pdf`);
			expect(pdf.status).toBe(200);
			expect(pdf.headers.get('content-type')).toBe('application/pdf');
			const bytes = new Uint8Array(await pdf.arrayBuffer());
			expect(await tagging(bytes)).toMatchObject({
				marked: true,
				structTreeRoot: true,
				lang: 'pl',
				pdfUa: true
			});
			// The title first, and tables whose first row is a row of header cells.
			const { numPages } = await getDocumentProxy(new Uint8Array(bytes));
			const trees = await Promise.all(
				Array.from({ length: numPages }, (_, i) => structure(bytes, i + 1))
			);
			expect(roles(trees[0])).toMatch(/^Document\(H1 /);
			const headed = trees
				.flatMap((t) => elements(t, 'Table'))
				.filter((t) => elements(t, 'THead').length > 0);
			expect(headed.length).toBeGreaterThan(1);
			for (const table of headed) expect(roles(table)).toMatch(/^Table\(THead\(TR\((TH ?)+\)\)/);
			const word = await docx(`${base}.docx`);
			expect(word.styles).toContain('<w:lang w:val="pl-PL"/>');
			expect(word.headings[0]).toBe('Heading1');
			expect(word.headings).toContain('Heading2');
			expect(word.tables).toBeGreaterThan(1);
			expect(word.headerRows).toBe(word.tables);
			expect(word.document).toContain(part ? '25' : 'Warsztaty planu');
		}
	);

	it('comes in English under /en, the page and the Word file alike', async () => {
		const { status, document } = await page(app, `/en/plany/${year}/${village}/sprawozdanie`);
		expect(status).toBe(200);
		expect(document.querySelector('h1')?.textContent).toMatch(/^Report on the plan: /);
		expect(cells(document, 'report-manual')[0][0]).toBe('Koszty materiałów (entered by hand)');
		const word = await docx(`/en/api/plany/${year}/${village}.docx`);
		expect(word.styles).toContain('<w:lang w:val="en-GB"/>');
		expect(word.document).toContain('Community organizing plan: ');
	});

	it('answers 404 for a draft plan and for a year that cannot be one', async () => {
		expect((await app.request(`/api/plany/${year}/gmina.pdf`)).status).toBe(404);
		expect((await app.request(`/api/plany/20x6/gmina.docx`)).status).toBe(404);
	});
});
