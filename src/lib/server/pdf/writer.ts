import type { DocumentWriter, HeadingLevel, TableCell, TextStyle } from '../documents/writer.ts';

// The blocks of a PDF (headings, paragraphs, tables, figures), each drawn and tagged in one
// place, so every document gets the same structure tree and the same page breaks.
//
// Tagging (ISO 32000-1, 14.8 "Tagged PDF"; PDF/UA-1, ISO 14289-1, 7): every block is a
// structure element under the document's root, in reading order, with its content in a marked
// content sequence. Headings are H1–H3, text is P, a table is Table > THead/TBody > TR >
// TH (scope Column) / TD, a figure carries its alternative text (/Alt, ISO 14289-1, 7.3).
// Table rules, a header row repeated on a new page and the page footer are artifacts.
//
// Page breaks: a heading is held until the block after it is placed, and goes to the next page
// together with the block's first lines (a paragraph's first two lines, a table's header with
// its first rows, a whole figure), so no heading or table header stays alone at the bottom of a
// page ("keep with next").

type Pdf = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

export type { HeadingLevel, TableCell, TextStyle };

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Font size and the space before and after a heading of each level, in points. */
const HEADINGS: Record<HeadingLevel, { size: number; before: number; after: number }> = {
	1: { size: 20, before: 0, after: 6 },
	2: { size: 14, before: 14, after: 4 },
	3: { size: 11, before: 8, after: 3 }
};
const TEXT_SIZE = 10;
const CELL_SIZE = 9;
const CELL_PAD_X = 3;
const CELL_PAD_Y = 2;
/** How many rows of a table go with its header, and with the heading before it. */
export const KEEP_ROWS = 2;
/** How many lines of a paragraph go with the heading before it. */
const KEEP_LINES = 2;

export class PdfWriter implements DocumentWriter {
	/** Headings written but not yet placed: they wait for the first lines of the next block. */
	private pending: { text: string; level: HeadingLevel }[] = [];

	constructor(
		/** The pdfkit document, for drawing inside a figure. */
		readonly doc: Pdf,
		private readonly root: Struct
	) {}

	/** Left edge of the text area. */
	get left(): number {
		return this.doc.page.margins.left;
	}

	/** Width of the text area. */
	get width(): number {
		return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
	}

	private get bottom(): number {
		return this.doc.page.height - this.doc.page.margins.bottom;
	}

	private atTop(): boolean {
		return this.doc.y <= this.doc.page.margins.top + 0.5;
	}

	/** A heading (H1 for the document's title, H2 for a section, H3 within a section). */
	heading(text: string, level: HeadingLevel = 2): void {
		this.pending.push({ text, level });
	}

	paragraph(text: string, style: TextStyle = {}): void {
		const { doc } = this;
		const size = style.size ?? TEXT_SIZE;
		const font = style.bold ? 'bold' : 'regular';
		const height = this.measure(text, font, size, this.width);
		const line = doc.font(font).fontSize(size).currentLineHeight(true);
		this.place(Math.min(height, KEEP_LINES * line));
		this.tag(this.root, 'P', {}, () => {
			doc
				.font(font)
				.fontSize(size)
				.fillColor(style.color ?? '#000000');
			doc.text(text, this.left, doc.y, { width: this.width });
		});
		doc.fillColor('#000000');
		doc.y += 0.4 * size;
	}

	/**
	 * A table with a header row; columns share the width by `widths` (fractions). A row that
	 * does not fit goes to the next page, where the header is drawn again.
	 */
	table(header: string[], rows: TableCell[][], widths?: number[]): void {
		const { doc } = this;
		const cols = (widths ?? header.map(() => 1 / header.length)).map((f) => f * this.width);
		const headerHeight = this.rowHeight(header, cols, true);
		const heights = rows.map((row) => this.rowHeight(row, cols, false));
		this.place(headerHeight + heights.slice(0, KEEP_ROWS).reduce((a, b) => a + b, 0));

		const table = this.struct(this.root, 'Table');
		const head = this.struct(table, 'THead');
		this.row(head, header, cols, headerHeight, true);
		head.end();
		if (rows.length > 0) {
			const body = this.struct(table, 'TBody');
			rows.forEach((row, i) => {
				if (doc.y + heights[i] > this.bottom) {
					doc.addPage();
					// For the eye only: the header is in the structure tree once, at the top.
					this.artifact('Pagination', () => {
						this.cells(header, cols, true);
						this.rule(doc.y + headerHeight);
					});
					doc.y += headerHeight;
				}
				this.row(body, row, cols, heights[i], false);
			});
			body.end();
		}
		table.end();
		doc.x = this.left;
		doc.y += 8;
	}

	/**
	 * A figure `height` points tall across the text area, tagged with its alternative text;
	 * `draw` paints it inside `box` (any text it writes belongs to the figure).
	 */
	figure(alt: string, height: number, draw: (box: Box) => void): void {
		const { doc } = this;
		this.place(height);
		const box = { x: this.left, y: doc.y, width: this.width, height };
		const bbox: [number, number, number, number] = [
			box.x,
			box.y,
			box.x + box.width,
			box.y + height
		];
		this.tag(this.root, 'Figure', { alt, bbox, placement: 'Block' }, () => draw(box));
		doc.fillColor('#000000');
		doc.x = this.left;
		doc.y = box.y + height + 6;
	}

	/** Places headings still waiting (a heading at the very end of the document). */
	finish(): void {
		this.place(0);
	}

	/** Height of `text` wrapped to `width`, in points (for sizing a figure and the page breaks). */
	measure(text: string, font: 'regular' | 'bold', size: number, width: number): number {
		return this.doc.font(font).fontSize(size).heightOfString(text, { width });
	}

	/**
	 * Starts a new page unless the waiting headings and the next block's first `lead` points fit
	 * on this one, then writes the headings.
	 */
	private place(lead: number) {
		const headings = this.pending.splice(0);
		let need = lead;
		for (const [i, h] of headings.entries()) need += this.headingHeight(h, i === 0 && this.atTop());
		if (!this.atTop() && this.doc.y + need > this.bottom) this.doc.addPage();
		for (const h of headings) this.drawHeading(h);
	}

	private headingHeight(h: { text: string; level: HeadingLevel }, top: boolean): number {
		const { size, before, after } = HEADINGS[h.level];
		return (top ? 0 : before) + this.measure(h.text, 'bold', size, this.width) + after;
	}

	private drawHeading(h: { text: string; level: HeadingLevel }) {
		const { doc } = this;
		const { size, before, after } = HEADINGS[h.level];
		if (!this.atTop()) doc.y += before;
		this.tag(this.root, `H${h.level}`, {}, () => {
			doc.font('bold').fontSize(size).fillColor('#000000');
			doc.text(h.text, this.left, doc.y, { width: this.width });
		});
		doc.y += after;
	}

	private rowHeight(cells: TableCell[], cols: number[], header: boolean): number {
		const font = header ? 'bold' : 'regular';
		const heights = cells.map((c, i) =>
			this.measure(String(c), font, CELL_SIZE, cols[i] - 2 * CELL_PAD_X)
		);
		return Math.max(...heights, 10) + 2 * CELL_PAD_Y;
	}

	/** One tagged row under `parent`: TH cells (column headers) or TD cells, then its rule. */
	private row(parent: Struct, cells: TableCell[], cols: number[], height: number, header: boolean) {
		const { doc } = this;
		const tr = this.struct(parent, 'TR');
		this.cells(cells, cols, header, (draw) =>
			this.tag(tr, header ? 'TH' : 'TD', header ? { scope: 'Column' } : {}, draw)
		);
		tr.end();
		this.artifact('Layout', () => this.rule(doc.y + height));
		doc.x = this.left;
		doc.y += height;
	}

	/** The text of a row's cells at the current y; `wrap` tags each cell's drawing. */
	private cells(
		cells: TableCell[],
		cols: number[],
		header: boolean,
		wrap: (draw: () => void) => void = (draw) => draw()
	) {
		const { doc } = this;
		const top = doc.y;
		let x = this.left;
		cells.forEach((cell, i) => {
			const left = x;
			wrap(() => {
				doc
					.font(header ? 'bold' : 'regular')
					.fontSize(CELL_SIZE)
					.fillColor('#000000');
				doc.text(String(cell), left + CELL_PAD_X, top + CELL_PAD_Y, {
					width: cols[i] - 2 * CELL_PAD_X
				});
			});
			x += cols[i];
		});
		doc.y = top;
	}

	private rule(y: number) {
		this.doc
			.moveTo(this.left, y)
			.lineTo(this.left + this.width, y)
			.lineWidth(0.5)
			.strokeColor('#888888')
			.stroke();
	}

	private struct(parent: Struct, type: string): Struct {
		const element = this.doc.struct(type);
		parent.add(element);
		return element;
	}

	/** A structure element under `parent` whose content is what `draw` paints. */
	private tag(
		parent: Struct,
		type: string,
		options: PDFKit.Mixins.StructureElementOptions,
		draw: () => void
	) {
		const element = this.doc.struct(type, options);
		parent.add(element);
		// The parent is in the tree already, so pdfkit runs `draw` now, inside a marked content
		// sequence with the element's MCID.
		element.add(draw);
		element.end();
	}

	/** Content that is not part of the document's text: rules, repeated headers (14.8.2.2). */
	private artifact(type: 'Layout' | 'Pagination', draw: () => void) {
		this.doc.markContent('Artifact', { type });
		draw();
		this.doc.endMarkedContent();
	}
}
