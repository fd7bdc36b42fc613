import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// pdfkit's built-in fonts are WinAnsi only: "ą, ę, ł, ś, ż" would come out wrong (the PDFs
// are Polish first). DejaVu Sans covers Latin Extended-A and is a runtime dependency, so the
// built server resolves the file from node_modules.
const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export type Pdf = PDFKit.PDFDocument;

export interface PdfMeta {
	title: string;
	/** BCP 47 tag of the text, e.g. "pl" — screen readers pick the voice from it. */
	lang: string;
	/** Footer text on every page, e.g. the date and the data snapshot. */
	footer: string;
}

/**
 * Writes an A4 PDF with Unicode fonts ('regular', 'bold'), a tagged title and language, and the
 * footer plus "page/pages" on every page; `draw` fills the body. Returns the file bytes.
 */
export async function renderPdf(meta: PdfMeta, draw: (doc: Pdf) => void | Promise<void>) {
	const doc = new PDFDocument({
		size: 'A4',
		margins: { top: 56, bottom: 64, left: 56, right: 56 },
		bufferPages: true,
		lang: meta.lang,
		displayTitle: true,
		info: { Title: meta.title, Creator: 'Mapa Zasobów i Potrzeb', Producer: 'pdfkit' }
	});
	doc.registerFont('regular', FONT_REGULAR);
	doc.registerFont('bold', FONT_BOLD);
	doc.font('regular');
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer<ArrayBuffer>>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	await draw(doc);
	stampFooters(doc, meta.footer);
	doc.end();
	return done;
}

function stampFooters(doc: Pdf, footer: string) {
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.margins.bottom;
		// Writing inside the bottom margin would add a page; lift the margin while stamping.
		doc.page.margins.bottom = 0;
		const y = doc.page.height - 40;
		const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
		doc.font('regular').fontSize(8).fillColor('#444444');
		doc.text(footer, doc.page.margins.left, y, { width: width - 60, lineBreak: false });
		doc.text(`${i + 1}/${range.count}`, doc.page.margins.left + width - 60, y, {
			width: 60,
			align: 'right',
			lineBreak: false
		});
		doc.page.margins.bottom = bottom;
	}
}

export function heading(doc: Pdf, text: string, size = 16) {
	doc.moveDown(0.6).font('bold').fontSize(size).fillColor('#000000').text(text);
	doc.moveDown(0.3).font('regular').fontSize(10);
}

export function paragraph(doc: Pdf, text: string) {
	doc.font('regular').fontSize(10).fillColor('#000000').text(text);
	doc.moveDown(0.4);
}

/** A simple table: a bold header row, then rows; columns share the width by `widths` (fractions). */
export function table(doc: Pdf, header: string[], rows: (string | number)[][], widths?: number[]) {
	const left = doc.page.margins.left;
	const full = doc.page.width - left - doc.page.margins.right;
	const fractions = widths ?? header.map(() => 1 / header.length);
	const cols = fractions.map((f) => f * full);
	const drawRow = (cells: (string | number)[], bold: boolean) => {
		doc.font(bold ? 'bold' : 'regular').fontSize(9);
		const heights = cells.map((c, i) => doc.heightOfString(String(c), { width: cols[i] - 6 }));
		const h = Math.max(...heights, 10) + 4;
		if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
		const top = doc.y;
		let x = left;
		cells.forEach((c, i) => {
			doc.text(String(c), x + 3, top + 2, { width: cols[i] - 6 });
			x += cols[i];
		});
		doc
			.moveTo(left, top + h)
			.lineTo(left + full, top + h)
			.lineWidth(0.5)
			.strokeColor('#888888')
			.stroke();
		doc.x = left;
		doc.y = top + h;
	};
	drawRow(header, true);
	for (const row of rows) drawRow(row, false);
	doc.moveDown(0.6);
}
