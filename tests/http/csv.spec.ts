import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { JSDOM } from 'jsdom';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claims } from '../db/backends.ts';
import { ORIGIN, openApp, type App, type Client } from './app.ts';

// Every CSV the app offers, request by request: a UTF-8 byte order mark first (Excel reads
// Polish letters only with it), and a `?sep=semicolon` variant for Excel in a Polish locale
// (semicolons, decimal commas) holding the same cells. Then the resource register's round trip
// as a data officer does it: export, (edit in a spreadsheet,) import — an unchanged file changes
// nothing, one edited cell changes exactly that field, and no formula-guard apostrophe is stored.

const SRC = join(import.meta.dirname, '..', '..', 'src');
const STATIC = join(import.meta.dirname, '..', '..', 'static');
const BOM = [0xef, 0xbb, 0xbf];
const TRICKY = {
	name: "'Stara' szkoła — świetlica CSV",
	description: '=SUM(A1:A9) to nie formuła',
	contact_phone: '+48 63 270 00 00',
	opening_hours: '-',
	owner_org: '@Koło Gospodyń'
};

let app: App;
let organizer: Client;
/** A closed consultation the test creates (codes avoid I, L, O, 0 and 1). */
const code = 'CSVXYZ';
let trickyId: string;

beforeAll(async () => {
	app = await openApp({ staff: ['organizer'] });
	organizer = await app.signedIn('organizer');
	// A published resource with text a spreadsheet would run as formulas, and a closed
	// consultation whose answers are three public needs of the demo data.
	[{ id: trickyId }] = await app.db.asOwner((tx) =>
		tx.query<{ id: string }>(
			`insert into public.resources (region_id, category, name, description, contact_phone,
			   opening_hours, owner_org, point, status)
			 select id, 'swietlica', $1, $2, $3, $4, $5,
			   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326), 'published'
			 from public.regions where slug = 'kramsk' returning id::text as id`,
			[
				TRICKY.name,
				TRICKY.description,
				TRICKY.contact_phone,
				TRICKY.opening_hours,
				TRICKY.owner_org
			]
		)
	);
	await app.db.asOwner(async (tx) => {
		await tx.query(
			`insert into public.consultations (region_id, code, question, starts_at, ends_at)
			 select id, $1, 'Czego brakuje w świetlicy?', now() - interval '1 hour', now() + interval '1 hour'
			 from public.regions where slug = 'kramsk'`,
			[code]
		);
		await tx.query(
			`update public.needs set consultation_id = (select id from public.consultations where code = $1)
			 where id in (select id from public.needs
			   where private.is_public_need(status, hidden_at) order by ref limit 3)`,
			[code]
		);
	});
	await app.db.asUser(claims.organizer, (tx) =>
		tx.query('select public.close_consultation($1)', [code])
	);
});
afterAll(async () => {
	await app?.close();
});

/** The body as bytes and as text with the byte order mark kept (Response.text() drops it). */
async function body(response: Response) {
	const bytes = new Uint8Array(await response.arrayBuffer());
	return { bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

function cells(text: string, delimiter: ',' | ';'): string[][] {
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
		delimiter,
		skipEmptyLines: true
	});
	expect(parsed.errors).toEqual([]);
	return parsed.data;
}

/** Every CSV endpoint: the route file that answers it and a request for one of its files. */
const ENDPOINTS = [
	{ route: 'routes/panel/zasoby/eksport.[format]', path: '/panel/zasoby/eksport.csv', staff: true },
	{ route: 'routes/api/diagnoza/[slug].csv', path: '/api/diagnoza/gmina.csv', staff: false },
	{ route: 'routes/api/diagnoza/[slug].csv', path: '/api/diagnoza/kramsk.csv', staff: false },
	{
		route: 'routes/api/konsultacje/[code]/wyniki.csv',
		path: `/api/konsultacje/${code}/wyniki.csv`,
		staff: false
	}
];

const sourceFiles = (dir: string): string[] =>
	readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.startsWith('lib/paraglide'))
		.map((f) => join(dir, f));

describe('every CSV response', () => {
	it('the list below covers every route that answers CSV, and one helper writes them all', () => {
		const csvRoutes = sourceFiles(join(SRC, 'routes'))
			.filter((f) => f.endsWith('+server.ts') && /csv/i.test(readFileSync(f, 'utf8')))
			.map((f) => relative(SRC, f).replace(/\/\+server\.ts$/, ''));
		expect(csvRoutes.sort()).toEqual([...new Set(ENDPOINTS.map((e) => e.route))].sort());
		// The media type is named in the CSV helper only: every CSV response takes it (and its
		// dialect) from there.
		const naming = sourceFiles(SRC).filter((f) => readFileSync(f, 'utf8').includes('text/csv'));
		expect(naming.map((f) => relative(SRC, f))).toEqual(['lib/server/csv.ts']);
	});

	it('the example files offered for download start with the BOM too', () => {
		const files = readdirSync(STATIC, { recursive: true, encoding: 'utf8' }).filter((f) =>
			f.endsWith('.csv')
		);
		expect(files).toContain('przyklady/zasoby-przyklad.csv');
		for (const f of files)
			expect([...readFileSync(join(STATIC, f)).subarray(0, 3)], f).toEqual(BOM);
	});

	it.each([
		['/diagnoza/kramsk', '/api/diagnoza/kramsk.csv', false],
		[`/konsultacje/${code}`, `/api/konsultacje/${code}/wyniki.csv`, false],
		['/panel/zasoby?status=published', '/panel/zasoby/eksport.csv?status=published', true],
		[`/panel/konsultacje/${code}`, `/api/konsultacje/${code}/wyniki.csv`, true]
	] as const)('%s offers “CSV dla Excela” beside %s', async (page, csv, staff) => {
		const response = await (staff ? organizer : app).request(page, {
			headers: { accept: 'text/html' },
			render: true
		});
		expect(response.status).toBe(200);
		const links = [...new JSDOM(await response.text()).window.document.querySelectorAll('a')];
		const excel = links.filter((a) => a.textContent?.trim() === 'CSV dla Excela');
		expect(excel.map((a) => a.getAttribute('href'))).toEqual([
			`${csv}${csv.includes('?') ? '&' : '?'}sep=semicolon`
		]);
		expect(links.some((a) => a.getAttribute('href') === csv)).toBe(true);
	});

	it.each(ENDPOINTS.map((e) => [e.path, e] as const))(
		'%s starts with the BOM; ?sep=semicolon holds the same cells with ; and decimal commas',
		async (_path, endpoint) => {
			const get = (path: string) => (endpoint.staff ? organizer : app).request(path);
			const plain = await get(endpoint.path);
			expect(plain.status).toBe(200);
			expect(plain.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			const comma = await body(plain);
			expect([...comma.bytes.slice(0, 3)]).toEqual(BOM);
			const excel = await get(`${endpoint.path}?sep=semicolon`);
			expect(excel.status).toBe(200);
			expect(excel.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			expect(excel.headers.get('content-disposition')).toMatch(/-excel\.csv"$/);
			const semicolon = await body(excel);
			expect([...semicolon.bytes.slice(0, 3)]).toEqual(BOM);
			expect(semicolon.text).toContain(';');

			const a = cells(comma.text, ',');
			const b = cells(semicolon.text, ';');
			expect(a.length).toBeGreaterThan(1);
			expect(b.map((row) => row.length)).toEqual(a.map((row) => row.length));
			let decimals = 0;
			a.forEach((row, i) =>
				row.forEach((cell, j) => {
					if (/^-?\d+\.\d+$/.test(cell)) {
						decimals++;
						expect(b[i][j]).toBe(cell.replace('.', ','));
					} else expect(b[i][j]).toBe(cell);
				})
			);
			expect(decimals).toBeGreaterThan(0);

			const other = await get(`${endpoint.path}?sep=tab`);
			expect(other.status).toBe(400);
		}
	);
});

describe('the resource register round trip', () => {
	/** Every resource as stored, every column, in a fixed order. */
	const stored = () =>
		app.db.asOwner((tx) =>
			tx.query<{ row: Record<string, unknown>; id: string }>(
				'select to_jsonb(r) as row, id::text as id from public.resources r order by id'
			)
		);
	const exportCsv = async (query = '') => {
		const response = await organizer.request(`/panel/zasoby/eksport.csv${query}`);
		expect(response.status).toBe(200);
		return (await body(response)).text;
	};
	const importFile = async (text: string, name = 'zasoby.csv') => {
		const response = await organizer.request('/panel/zasoby/import', {
			method: 'POST',
			form: { file: new File([text], name) },
			headers: { origin: ORIGIN, accept: 'text/html' }
		});
		expect(response.status).toBe(200);
		const data = (await response.json()) as {
			outcome: {
				committed: boolean;
				inserted: number;
				updated: number;
				unchanged: number;
				rejected: unknown[];
				rows: { row: number; outcome: string; fields: string }[];
			};
		};
		return data.outcome;
	};

	it('export → import unchanged: 0 created, 0 updated, every row unchanged, nothing written', async () => {
		for (const query of ['', '?sep=semicolon']) {
			const before = await stored();
			const text = await exportCsv(query);
			const rows = cells(text, query ? ';' : ',').length - 1;
			expect(rows).toBeGreaterThan(10);
			const outcome = await importFile(text);
			expect(outcome).toMatchObject({
				committed: true,
				inserted: 0,
				updated: 0,
				unchanged: rows,
				rejected: []
			});
			expect(outcome.rows).toHaveLength(rows);
			expect(outcome.rows.every((r) => r.outcome === 'unchanged')).toBe(true);
			expect(await stored()).toEqual(before);
		}
	});

	it('the GeoJSON export imports back unchanged too (ids in the properties)', async () => {
		const before = await stored();
		const response = await organizer.request('/panel/zasoby/eksport.geojson');
		const text = await response.text();
		const features = (JSON.parse(text) as { features: unknown[] }).features.length;
		const outcome = await importFile(text, 'zasoby.geojson');
		expect(outcome).toMatchObject({
			committed: true,
			inserted: 0,
			updated: 0,
			unchanged: features,
			rejected: []
		});
		expect(await stored()).toEqual(before);
	});

	it('one edited description updates exactly that field of that resource', async () => {
		const text = await exportCsv();
		const table = cells(text, ',');
		const [header] = table;
		const row = table.findIndex((r) => r[header.indexOf('id')] === trickyId);
		expect(row).toBeGreaterThan(0);
		// What the data officer sees and saves: the guarded cells as the file has them.
		expect(table[row][header.indexOf('telefon')]).toBe(`'${TRICKY.contact_phone}`);
		expect(table[row][header.indexOf('nazwa')]).toBe(TRICKY.name);
		table[row][header.indexOf('opis')] = 'Nowy opis: sala na 80 osób';
		// As a spreadsheet saves it: every cell as it was read, the edited one new.
		const edited = '\uFEFF' + Papa.unparse(table, { newline: '\r\n' });

		const before = await stored();
		const outcome = await importFile(edited);
		expect(outcome).toMatchObject({ committed: true, inserted: 0, updated: 1 });
		expect(outcome.unchanged).toBe(table.length - 2);
		expect(outcome.rows.filter((r) => r.outcome !== 'unchanged')).toEqual([
			{ row: row + 1, outcome: 'updated', fields: 'opis' }
		]);
		const after = await stored();
		expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
		for (const [i, { id, row: was }] of before.entries()) {
			const now = after[i].row;
			if (id !== trickyId) expect(now, id).toEqual(was);
			else
				expect({ ...now, updated_at: null }).toEqual({
					...was,
					description: 'Nowy opis: sala na 80 osób',
					updated_at: null
				});
		}
	});

	it('no formula-guard apostrophe is ever stored', async () => {
		const [tricky] = await app.db.asOwner((tx) =>
			tx.query<Record<string, string>>(
				'select name, contact_phone, opening_hours, owner_org from public.resources where id = $1',
				[trickyId]
			)
		);
		expect(tricky).toEqual({
			name: TRICKY.name,
			contact_phone: TRICKY.contact_phone,
			opening_hours: TRICKY.opening_hours,
			owner_org: TRICKY.owner_org
		});
		const guarded = await app.db.asOwner((tx) =>
			tx.query(
				`select id from public.resources r, jsonb_each_text(to_jsonb(r)) c
				 where c.value ~ $1`,
				["^'+[-=+@\t\r]"]
			)
		);
		expect(guarded).toEqual([]);
	});
});
