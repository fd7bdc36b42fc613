// The blocks every generated document is written in, whatever its format: the PDF writer
// (../pdf/writer.ts) and the Word writer (../docx/writer.ts) both take them, so a document's
// content is written once and each format only decides how a block looks and is tagged.

export type HeadingLevel = 1 | 2 | 3;
export type TableCell = string | number;

export interface TextStyle {
	/** Points. */
	size?: number;
	/** `#rrggbb`. */
	color?: string;
	bold?: boolean;
}

export interface DocumentWriter {
	/** A heading: 1 for the document's title, 2 for a section, 3 within a section. */
	heading(text: string, level?: HeadingLevel): void;
	paragraph(text: string, style?: TextStyle): void;
	/** A table with one header row; `widths` are shares of the text width. */
	table(header: string[], rows: TableCell[][], widths?: number[]): void;
}
