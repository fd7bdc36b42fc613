import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	HeadingLevel as DocxHeading,
	ImageRun,
	Packer,
	PageNumber,
	Paragraph,
	Table,
	TableCell as DocxCell,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import type { DocumentWriter, HeadingLevel, TableCell, TextStyle } from '../documents/writer.ts';

// Word documents (Office Open XML, ISO/IEC 29500) written with the `docx` library from the same
// blocks as the PDFs. What makes one editable and accessible: headings use Word's built-in
// Heading 1–3 styles (the navigation pane and a table of contents find them), a table's first row
// is a header row that repeats on every page (w:tblHeader), pictures carry alternative text
// (wp:docPr descr), and the document's language is set in its default run properties (w:lang),
// so spelling and screen readers use Polish or English.

export interface DocxMeta {
	title: string;
	/** BCP 47 language of the text: `pl` or `en`. */
	lang: string;
	/** The line at the foot of every page (the data snapshot), before the page number. */
	footer: string;
}

const HEADINGS = {
	1: DocxHeading.HEADING_1,
	2: DocxHeading.HEADING_2,
	3: DocxHeading.HEADING_3
} as const;

/** A4 text width with Word's default margins (2.54 cm), in pixels at 96 dpi, for pictures. */
export const TEXT_WIDTH_PX = 602;

const CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const BORDERS = {
	top: CELL_BORDER,
	bottom: CELL_BORDER,
	left: CELL_BORDER,
	right: CELL_BORDER
};

const run = (text: string, style: TextStyle = {}) =>
	new TextRun({
		text,
		bold: style.bold,
		// docx takes colours without '#' and sizes in half-points.
		color: style.color?.replace(/^#/, ''),
		size: style.size ? style.size * 2 : undefined
	});

export class DocxWriter implements DocumentWriter {
	readonly blocks: (Paragraph | Table)[] = [];

	heading(text: string, level: HeadingLevel = 2): void {
		this.blocks.push(
			new Paragraph({ heading: HEADINGS[level], keepNext: true, children: [new TextRun(text)] })
		);
	}

	paragraph(text: string, style: TextStyle = {}): void {
		this.blocks.push(new Paragraph({ children: [run(text, style)] }));
	}

	table(header: string[], rows: TableCell[][], widths?: number[]): void {
		const cell = (text: TableCell, index: number, bold = false) =>
			new DocxCell({
				borders: BORDERS,
				width: widths
					? { size: Math.round(widths[index] * 100), type: WidthType.PERCENTAGE }
					: undefined,
				children: [
					new Paragraph({
						alignment: typeof text === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT,
						children: [run(String(text), { bold })]
					})
				]
			});
		this.blocks.push(
			new Table({
				width: { size: 100, type: WidthType.PERCENTAGE },
				rows: [
					new TableRow({
						tableHeader: true,
						cantSplit: true,
						children: header.map((text, i) => cell(text, i, true))
					}),
					...rows.map(
						(row) =>
							new TableRow({ cantSplit: true, children: row.map((text, i) => cell(text, i)) })
					)
				]
			})
		);
		// Word joins two tables that touch; an empty paragraph keeps them apart.
		this.blocks.push(new Paragraph({}));
	}

	/** A PNG picture `width` × `height` pixels, with its alternative text for screen readers. */
	image(alt: string, png: Uint8Array, width: number, height: number): void {
		this.blocks.push(
			new Paragraph({
				keepNext: true,
				children: [
					new ImageRun({
						type: 'png',
						data: png,
						transformation: { width, height },
						altText: { name: alt.slice(0, 60), title: alt, description: alt }
					})
				]
			})
		);
	}
}

/** A Word document written through a DocxWriter, as the bytes of a .docx file. */
export async function renderDocx(
	meta: DocxMeta,
	draw: (docx: DocxWriter) => void | Promise<void>
): Promise<Uint8Array<ArrayBuffer>> {
	const writer = new DocxWriter();
	await draw(writer);
	const language = meta.lang === 'en' ? 'en-GB' : 'pl-PL';
	const document = new Document({
		title: meta.title,
		creator: 'Mapa Zasobów i Potrzeb',
		styles: { default: { document: { run: { language: { value: language }, font: 'Calibri' } } } },
		sections: [
			{
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								children: [
									new TextRun({ text: `${meta.footer} · `, size: 16, color: '444444' }),
									new TextRun({ children: [PageNumber.CURRENT], size: 16, color: '444444' }),
									new TextRun({ text: '/', size: 16, color: '444444' }),
									new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 16, color: '444444' })
								]
							})
						]
					})
				},
				children: writer.blocks
			}
		]
	});
	// A copy in a fresh ArrayBuffer: what the document cache and Response bodies take.
	return new Uint8Array(await Packer.toBuffer(document));
}
