import { describe, expect, it } from 'vitest';
import { renderPdf } from './document.ts';
import { elements, pageTexts, roles, structure, tagging } from '../../../../tests/pdf.ts';

describe('renderPdf', () => {
	it('writes Polish text that a PDF extractor reads back, with the footer on every page', async () => {
		const bytes = await renderPdf(
			{ title: 'Próba', lang: 'pl', footer: 'Stan danych: 26.11.2026' },
			(pdf) => {
				pdf.heading('Żółć gęślą jaźń — Kramsk', 1);
				pdf.paragraph('Świetlica w Łężynie');
				pdf.table(
					['Kategoria', 'Liczba'],
					Array.from({ length: 80 }, (_, i) => [`wiersz ${i}`, i])
				);
			}
		);
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const pages = await pageTexts(bytes);
		const text = pages.join('\n');
		expect(text).toContain('Żółć gęślą jaźń — Kramsk');
		expect(text).toContain('Świetlica w Łężynie');
		expect(text).toContain('wiersz 79');
		expect(pages.length).toBeGreaterThan(1);
		expect(text.split('Stan danych: 26.11.2026').length - 1).toBe(pages.length);
		expect(text).toContain(`${pages.length}/${pages.length}`);
		// A table that goes on to the next page repeats its header there.
		for (const page of pages) expect(page.trimStart()).toMatch(/^(Żółć|Kategoria Liczba)/);
	});

	it('is a tagged PDF/UA document: language, title, embedded fonts, structure in reading order', async () => {
		const bytes = await renderPdf(
			{ title: 'Diagnoza: Kramsk', lang: 'pl', footer: 'stopka' },
			(pdf) => {
				pdf.heading('Diagnoza: Kramsk', 1);
				pdf.paragraph('Wstęp');
				pdf.heading('Zasoby według kategorii', 2);
				pdf.table(['Kategoria', 'Liczba'], [['świetlica wiejska', 2]], [0.7, 0.3]);
				pdf.heading('Mapa obszaru', 2);
				pdf.figure('Mapa: granica obszaru Kramsk', 40, (box) => {
					pdf.doc.rect(box.x, box.y, 40, 40).fill('#1d4ed8');
				});
			}
		);
		const tags = await tagging(bytes);
		expect(tags).toEqual({
			marked: true,
			structTreeRoot: true,
			lang: 'pl',
			displayDocTitle: true,
			pdfUa: true,
			embeddedFonts: 2,
			standardFonts: 0
		});
		const tree = await structure(bytes, 1);
		expect(roles(tree)).toBe(
			'Document(H1 P H2 Table(THead(TR(TH TH)) TBody(TR(TD TD))) H2 Figure)'
		);
		expect(elements(tree, 'Figure').map((f) => f.alt)).toEqual(['Mapa: granica obszaru Kramsk']);
		expect(Buffer.from(bytes).toString('latin1')).toContain('/Scope /Column');
		// The footer is an artifact: the text of the page is the structure's text, then the footer.
		const [page] = await pageTexts(bytes);
		expect(page).toMatch(
			/^Diagnoza: Kramsk\s+Wstęp\s+Zasoby według kategorii\s+Kategoria\s+Liczba\s+świetlica wiejska\s+2\s+Mapa obszaru\s+stopka\s+1\/1$/
		);
	});

	it('keeps a heading and a table header with the first rows on the next page', async () => {
		let fillerPage = 0;
		const bytes = await renderPdf({ title: 'Próba', lang: 'pl', footer: 'stopka' }, (pdf) => {
			const { doc } = pdf;
			const bottom = doc.page.height - doc.page.margins.bottom;
			// Room left for the heading and the table header, not for their first rows.
			while (doc.y < bottom - 70) pdf.paragraph(`wypełnienie ${fillerPage++}`);
			pdf.heading('Zasoby według kategorii', 2);
			pdf.table(
				['Kategoria', 'Liczba'],
				[
					['świetlica wiejska', 1],
					['remiza OSP', 2]
				]
			);
		});
		const pages = await pageTexts(bytes);
		expect(pages).toHaveLength(2);
		expect(pages[0]).toContain(`wypełnienie ${fillerPage - 1}`);
		expect(pages[0]).not.toContain('Zasoby według kategorii');
		expect(pages[1]).toMatch(
			/^Zasoby według kategorii\s+Kategoria\s+Liczba\s+świetlica wiejska\s+1/
		);
	});
});
