import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { PdfWriter } from './writer.ts';

export { PdfWriter, type HeadingLevel, type TableCell } from './writer.ts';

// pdfkit's built-in fonts are WinAnsi only: "ą, ę, ł, ś, ż" would come out wrong (the PDFs
// are Polish first). DejaVu Sans covers Latin Extended-A and is a runtime dependency, so the
// built server resolves the file from node_modules. pdfkit embeds the glyphs used (a subset of
// the TrueType file, with a ToUnicode map), as PDF/UA-1 (ISO 14289-1, 7.21.4) requires.
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
 * The document options of a tagged PDF that identifies itself as PDF/UA-1 (ISO 14289-1), per
 * pdfkit's accessibility checklist: PDF 1.7, `tagged` (/MarkInfo << /Marked true >> and a
 * /StructTreeRoot), the language in the catalog (/Lang), the title in the document information
 * and XMP metadata with /DisplayDocTitle (7.1: viewers show the title, not the file name).
 */
function documentOptions(meta: PdfMeta): PDFKit.PDFDocumentOptions {
	const options: PDFKit.PDFDocumentOptions = {
		size: 'A4',
		margins: { top: 56, bottom: 64, left: 56, right: 56 },
		bufferPages: true,
		pdfVersion: '1.7',
		tagged: true,
		lang: meta.lang,
		displayTitle: true,
		info: { Title: meta.title, Creator: 'Mapa Zasobów i Potrzeb', Producer: 'pdfkit' }
	};
	// pdfkit (since 0.15) also takes the subset 'PDF/UA', which writes the PDF/UA identification
	// (pdfuaid:part 1) into the XMP metadata; @types/pdfkit 0.17 still lists only the PDF/A subsets.
	return Object.assign<PDFKit.PDFDocumentOptions, { subset: string }>(options, {
		subset: 'PDF/UA'
	});
}

/**
 * Writes a tagged A4 PDF with Unicode fonts ('regular', 'bold'), its title and language, and the
 * footer plus "page/pages" on every page; `draw` fills the body through the writer, which tags
 * every block (headings, paragraphs, tables, figures) in reading order. Returns the file bytes.
 */
export async function renderPdf(
	meta: PdfMeta,
	draw: (pdf: PdfWriter) => void | Promise<void>
): Promise<Buffer<ArrayBuffer>> {
	const doc = new PDFDocument(documentOptions(meta));
	doc.registerFont('regular', FONT_REGULAR);
	doc.registerFont('bold', FONT_BOLD);
	doc.font('regular');
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer<ArrayBuffer>>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	const root = doc.struct('Document');
	doc.addStructure(root);
	const writer = new PdfWriter(doc, root);
	await draw(writer);
	writer.finish();
	root.end();
	stampFooters(doc, meta.footer);
	doc.end();
	return done;
}

/**
 * The footer and page number of every page, drawn once all pages exist. They repeat on every
 * page, so they are pagination artifacts, outside the structure tree (ISO 32000-1, 14.8.2.2).
 */
function stampFooters(doc: Pdf, footer: string) {
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.margins.bottom;
		// Writing inside the bottom margin would add a page; lift the margin while stamping.
		doc.page.margins.bottom = 0;
		const y = doc.page.height - 40;
		const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
		doc.markContent('Artifact', { type: 'Pagination' });
		doc.font('regular').fontSize(8).fillColor('#444444');
		doc.text(footer, doc.page.margins.left, y, { width: width - 60, lineBreak: false });
		doc.text(`${i + 1}/${range.count}`, doc.page.margins.left + width - 60, y, {
			width: 60,
			align: 'right',
			lineBreak: false
		});
		doc.endMarkedContent();
		doc.page.margins.bottom = bottom;
	}
}
