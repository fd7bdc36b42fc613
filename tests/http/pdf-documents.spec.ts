import { getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/lib/diagnosis/types.ts';
import { elements, pageTexts, roles, structure, tagging, type StructNode } from '../pdf.ts';
import { openApp, type App } from './app.ts';
import { closedConsultation } from './closed-consultation.ts';

// The PDFs the app serves, as an accessibility checker and a screen reader read them: tagged
// (a structure tree of headings, paragraphs, tables with header cells, figures with alternative
// text), in the request's language, titled, with embedded fonts, and laid out so that no heading
// or table header is left alone at the bottom of a page.

let app: App;
/** A closed consultation session with two public answers. */
let code = '';
beforeAll(async () => {
	app = await openApp();
	code = await closedConsultation(app, 'PDFTAG');
});
afterAll(async () => {
	await app?.close();
});

async function pdf(path: string): Promise<Uint8Array> {
	const res = await app.request(path);
	expect(res.status, path).toBe(200);
	expect(res.headers.get('content-type')).toBe('application/pdf');
	return new Uint8Array(await res.arrayBuffer());
}

/** The structure of every page, in page order. */
async function pages(bytes: Uint8Array): Promise<StructNode[]> {
	const { numPages } = await getDocumentProxy(new Uint8Array(bytes));
	return Promise.all(Array.from({ length: numPages }, (_, i) => structure(bytes, i + 1)));
}

const DOCUMENTS = [
	{ path: '/api/diagnoza/gmina.pdf', lang: 'pl', title: 'Diagnoza: Gmina Kramsk', map: true },
	{ path: '/api/diagnoza/kramsk.pdf', lang: 'pl', title: 'Diagnoza: Kramsk', map: true },
	{
		path: '/api/diagnoza/solectwo-kramsk.pdf',
		lang: 'pl',
		title: 'Diagnoza: Kramsk',
		map: true
	},
	{ path: '/en/api/diagnoza/kramsk.pdf', lang: 'en', title: 'Diagnosis: Kramsk', map: true },
	{ path: '/api/konsultacje/{code}/wyniki.pdf', lang: 'pl', title: 'Wyniki konsultacji {code}' },
	{
		path: '/en/api/konsultacje/{code}/wyniki.pdf',
		lang: 'en',
		title: 'Results of consultation {code}'
	}
];

describe.each(DOCUMENTS)('$path', ({ path, lang, title, map }) => {
	it('is tagged, in its language, titled, with embedded fonts and a structure tree', async () => {
		const bytes = await pdf(path.replace('{code}', code));
		expect(await tagging(bytes)).toEqual({
			marked: true,
			structTreeRoot: true,
			lang,
			displayDocTitle: true,
			pdfUa: true,
			embeddedFonts: 2,
			standardFonts: 0
		});
		const doc = await getDocumentProxy(new Uint8Array(bytes));
		const { info } = (await doc.getMetadata()) as { info: { Title?: string } };
		expect(info.Title).toBe(title.replace('{code}', code));

		const trees = await pages(bytes);
		// The document's title is its first heading, the first text read on page 1.
		expect(roles(trees[0])).toMatch(/^Document\(H1 /);
		const [first] = await pageTexts(bytes);
		expect(first.startsWith(title.replace('{code}', code))).toBe(true);
		const all = trees.flatMap((t) => elements(t, 'Table'));
		expect(all.length).toBeGreaterThan(0);
		for (const table of all.filter((t) => elements(t, 'THead').length > 0))
			expect(roles(table)).toMatch(/^Table\(THead\(TR\((TH ?)+\)\)/);
		expect(trees.flatMap((t) => elements(t, 'H2')).length).toBeGreaterThan(0);
		const figures = trees.flatMap((t) => elements(t, 'Figure'));
		if (map) {
			expect(figures).toHaveLength(1);
			expect(figures[0].alt).toMatch(lang === 'pl' ? /^Mapa: granica obszaru / : /^Map: outline /);
		} else expect(figures).toHaveLength(0);
	});
});

describe('layout of the gmina PDF', () => {
	it('"Zasoby według kategorii" is on the page of its table header and first rows', async () => {
		const data = (await (await app.request('/diagnoza/gmina/__data.json')).json()) as {
			doc: Diagnosis;
		};
		const [firstRow, secondRow] = data.doc.resources.by_category;
		const texts = await pageTexts(await pdf('/api/diagnoza/gmina.pdf'));
		const page = texts.find((t) => t.includes('Zasoby według kategorii')) ?? '';
		const section = page.slice(page.indexOf('Zasoby według kategorii'));
		expect(section).toMatch(
			new RegExp(
				`^Zasoby według kategorii\\s+Kategoria\\s+Liczba\\s+${firstRow.label_pl}\\s+${firstRow.count}\\s+${secondRow.label_pl}\\s`
			)
		);
		// Every page ends with its footer, never with a heading or a table header.
		for (const text of texts) {
			const body = text.replace(/Diagnoza: Gmina Kramsk · stan danych[^\n]*$/, '').trimEnd();
			const last = body.split('\n').at(-1) ?? '';
			expect(last).not.toMatch(/^(Kategoria|Zasoby według kategorii|Potrzeby według kategorii)/);
		}
	});
});
