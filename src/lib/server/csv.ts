import Papa from 'papaparse';

// Every CSV file the app writes goes through writeCsv, and the app's own CSV import reads cells
// through unguardCell, so the two stay exact inverses.
//
// Spreadsheet formulas (OWASP "CSV Injection"; ASVS 5.0 V1.2.10): Excel, LibreOffice Calc and
// Google Sheets may run a cell that starts with = + - @, a tab or a carriage return as a
// formula, e.g. a resident's title "=HYPERLINK(…)". OWASP's remedy is to prefix such a cell
// with an apostrophe, so the spreadsheet takes it as text. A cell that starts
// with an apostrophe itself gets one more, so the import can undo the guard exactly by dropping
// one leading apostrophe from every cell that has one: "+48 63 …" → "'+48 63 …" → "+48 63 …",
// "'tis" → "''tis" → "'tis". NUL is in the set too (ASVS lists it).
//
// papaparse writes the file: its `escapeFormulae` option takes this pattern, prefixes the
// apostrophe and quotes the cell. It skips JavaScript numbers and booleans, which is what the
// columns need: a coordinate or a count the app computed is written as a number (a negative
// longitude stays a number in the spreadsheet), and only strings — text someone typed — are
// guarded. A number that arrives as a string is guarded like any text.
const FORMULA_START = /^[=+\-@\t\r\0']/;

/** A cell as the writers hand it over: text is guarded, numbers are written as numbers. */
export type CsvCell = string | number | null;

/**
 * The CSV text of a table: a UTF-8 byte order mark (Excel reads Polish letters correctly only
 * with it), a header row, CRLF line ends (RFC 4180) and a final line break; null is an empty cell.
 */
export function writeCsv(fields: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	const text = Papa.unparse(
		{ fields: [...fields], data: rows.map((row) => [...row]) },
		{ newline: '\r\n', escapeFormulae: FORMULA_START }
	);
	return '\uFEFF' + text + '\r\n';
}

/** The inverse of the guard: drops exactly one leading apostrophe. */
export function unguardCell(value: string): string {
	return value.startsWith("'") ? value.slice(1) : value;
}
