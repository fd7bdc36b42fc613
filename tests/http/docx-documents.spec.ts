import JSZip from 'jszip';
import { getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elements, structure, type StructNode } from '../pdf.ts';
import { openApp, type App } from './app.ts';
import { closedConsultation } from './closed-consultation.ts';

// Every PDF has a Word sibling (`.docx`) written from the same blocks: real Heading 1–3
// paragraphs, tables whose first row is a repeating header row, the map as a picture with
// alternative text, and the document's language set, so a gmina office can edit and print it.

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let app: App;
let code = '';
beforeAll(async () => {
	app = await openApp();
	code = await closedConsultation(app, 'WRDDCX');
});
afterAll(async () => {
	await app?.close();
});

async function fetchBytes(path: string, type: string) {
	const res = await app.request(path);
	expect(res.status, path).toBe(200);
	expect(res.headers.get('content-type')).toBe(type);
	return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** The parts of a .docx that say what it holds. */
async function readDocx(bytes: Uint8Array) {
	const zip = await JSZip.loadAsync(bytes);
	const text = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
	const document = await text('word/document.xml');
	const paragraphs = [...document.matchAll(/<w:p[ >].*?<\/w:p>/gs)].map((p) => p[0]);
	const styleOf = (p: string) => /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '';
	const textOf = (p: string) =>
		[...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
	return {
		headings: paragraphs
			.filter((p) => /^Heading[1-3]$/.test(styleOf(p)))
			.map((p) => ({ level: Number(styleOf(p).slice(-1)), text: textOf(p) })),
		tables: document.match(/<w:tbl>/g)?.length ?? 0,
		headerRows: document.match(/<w:tblHeader\/>/g)?.length ?? 0,
		alts: [...document.matchAll(/<wp:docPr [^>]*descr="([^"]*)"/g)].map((a) => a[1]),
		styles: await text('word/styles.xml'),
		core: await text('docProps/core.xml')
	};
}

/** How many H1, H2 and H3 the PDF sibling's structure tree holds. */
async function pdfOutline(bytes: Uint8Array) {
	const { numPages } = await getDocumentProxy(new Uint8Array(bytes));
	const trees: StructNode[] = await Promise.all(
		Array.from({ length: numPages }, (_, i) => structure(bytes, i + 1))
	);
	const count = (role: string) => trees.flatMap((t) => elements(t, role)).length;
	// pdf.js gives one structure tree per page, so a heading is counted once; a table split over
	// pages would be counted on each, so tables are not compared.
	return [count('H1'), count('H2'), count('H3')];
}

const DOCUMENTS = [
	{ path: '/api/diagnoza/gmina', lang: 'pl-PL', title: 'Diagnoza: Gmina Kramsk', map: true },
	{ path: '/api/diagnoza/kramsk', lang: 'pl-PL', title: 'Diagnoza: Kramsk', map: true },
	{ path: '/en/api/diagnoza/kramsk', lang: 'en-GB', title: 'Diagnosis: Kramsk', map: true },
	{ path: '/api/konsultacje/{code}/wyniki', lang: 'pl-PL', title: 'Wyniki konsultacji {code}' }
];

describe.each(DOCUMENTS)('$path.docx', ({ path, lang, title, map }) => {
	it('is a structured Word document with the same headings as its PDF', async () => {
		const base = path.replace('{code}', code);
		const { res, bytes } = await fetchBytes(`${base}.docx`, DOCX);
		expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.docx"/);
		const docx = await readDocx(bytes);
		const expectedTitle = title.replace('{code}', code);
		expect(docx.headings[0]).toEqual({ level: 1, text: expectedTitle });
		expect(docx.core).toContain(`<dc:title>${expectedTitle}</dc:title>`);
		expect(docx.styles).toContain(`<w:lang w:val="${lang}"/>`);
		// Every table starts with a header row that repeats on each page.
		expect(docx.tables).toBeGreaterThan(0);
		expect(docx.headerRows).toBe(docx.tables);
		if (map) {
			expect(docx.alts).toHaveLength(1);
			expect(docx.alts[0]).toMatch(lang === 'pl-PL' ? /^Mapa: granica obszaru / : /^Map: outline /);
		} else expect(docx.alts).toHaveLength(0);
		// One content, two formats: the same outline as the tagged PDF.
		const { bytes: pdf } = await fetchBytes(`${base}.pdf`, 'application/pdf');
		const levels = [1, 2, 3].map((l) => docx.headings.filter((h) => h.level === l).length);
		expect(levels).toEqual(await pdfOutline(pdf));
	});
});

it('the diagnosis page links its Word document beside the PDF', async () => {
	const html = await (await app.request('/diagnoza/kramsk', { render: true })).text();
	expect(html).toContain('href="/api/diagnoza/kramsk.docx"');
	expect(html).toContain('Do edycji w Wordzie (DOCX)');
});
