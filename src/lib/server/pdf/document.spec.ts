import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { heading, paragraph, renderPdf, table } from './document.ts';

async function textOf(bytes: Buffer) {
	const pdf = await getDocumentProxy(new Uint8Array(bytes));
	const { text, totalPages } = await extractText(pdf, { mergePages: true });
	return { text, totalPages };
}

describe('renderPdf', () => {
	it('writes Polish text that a PDF extractor reads back, with the footer on every page', async () => {
		const bytes = await renderPdf(
			{ title: 'Próba', lang: 'pl', footer: 'Stan danych: 26.11.2026' },
			(doc) => {
				heading(doc, 'Żółć gęślą jaźń — Kramsk');
				paragraph(doc, 'Świetlica w Łężynie');
				table(
					doc,
					['Kategoria', 'Liczba'],
					Array.from({ length: 80 }, (_, i) => [`wiersz ${i}`, i])
				);
			}
		);
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		const { text, totalPages } = await textOf(bytes);
		expect(text).toContain('Żółć gęślą jaźń — Kramsk');
		expect(text).toContain('Świetlica w Łężynie');
		expect(text).toContain('wiersz 79');
		expect(totalPages).toBeGreaterThan(1);
		expect(text.split('Stan danych: 26.11.2026').length - 1).toBe(totalPages);
		expect(text).toContain(`${totalPages}/${totalPages}`);
	});
});
