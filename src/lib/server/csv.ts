import Papa from 'papaparse';
import { error } from '@sveltejs/kit';
import { CSV_SEP_PARAM } from '$lib/csv';
import * as m from '$lib/paraglide/messages';

// Every CSV file the app writes goes through writeCsv, every CSV response takes its dialect from
// csvDialect, and the app's own CSV import reads cells through unguardCell, so the writer and the
// reader stay exact inverses.
//
// Spreadsheet formulas (OWASP "CSV Injection"; ASVS 5.0 V1.2.10): Excel, LibreOffice Calc and
// Google Sheets may run a cell that starts with = + - @, a tab, a carriage return or NUL as a
// formula, e.g. a resident's title "=HYPERLINK(…)". OWASP's remedy is to prefix such a cell with
// an apostrophe, so the spreadsheet takes it as text. The import must undo that prefix exactly
// and touch nothing else, so:
//   - the writer prefixes one apostrophe to a text cell that starts with a formula character
//     after any number of apostrophes (FORMULA_START below): "+48 63 …" → "'+48 63 …",
//     "'=x" → "''=x";
//   - the reader drops one leading apostrophe only from a cell that starts with one or more
//     apostrophes and then a formula character (GUARDED): "'+48 63 …" → "+48 63 …", "''=x" → "'=x".
// A cell that merely starts with an apostrophe ("'Złota jesień' w świetlicy") is written and read
// unchanged. The writer's output always matches GUARDED when it prefixed and never when it did
// not, so reading a written cell gives back exactly the original text.
//
// Only text is guarded: numbers the app computed (a coordinate, a count) are written as numbers,
// and a negative longitude stays a number in the spreadsheet.
const FORMULA_START = /^'*[=+\-@\t\r\0]/;
const GUARDED = /^'+[=+\-@\t\r\0]/;

/** A cell as the writers hand it over: text is guarded, numbers are written as numbers. */
export type CsvCell = string | number | null;

/**
 * The two CSV dialects every CSV download offers. `comma` is RFC 4180 (comma, decimal point),
 * for programs and for spreadsheets in English locales. `semicolon` is what Excel in a Polish
 * locale opens with a double click ("CSV dla Excela"): its list separator is `;` and its decimal
 * separator is the comma, so numbers are written "52,265" (Excel reads "52.265" as text or a date).
 */
export type CsvDialect = 'comma' | 'semicolon';

/** The media type of every CSV response (RFC 4180 §3; UTF-8, with a byte order mark). */
export const CSV_TYPE = 'text/csv; charset=utf-8';

const SEPARATORS: Record<string, CsvDialect> = {
	comma: 'comma',
	',': 'comma',
	semicolon: 'semicolon',
	';': 'semicolon'
};

/**
 * The dialect a CSV request asks for: `?sep=semicolon` (or `;`) for the Excel variant, nothing
 * (or `comma`) for plain CSV; any other value is a 400 that says which values exist.
 */
export function csvDialect(url: URL): CsvDialect {
	const sep = url.searchParams.get(CSV_SEP_PARAM);
	if (sep === null || sep === '') return 'comma';
	const dialect = SEPARATORS[sep.toLowerCase()];
	if (!dialect) error(400, m.csv_sep_unknown());
	return dialect;
}

/** The file name of a download: "<base>.csv", or "<base>-excel.csv" for the `;` variant. */
export function csvFileName(base: string, dialect: CsvDialect): string {
	return dialect === 'semicolon' ? `${base}-excel.csv` : `${base}.csv`;
}

/** A text cell as written: with the formula guard's apostrophe when it needs one. */
export function guardCell(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of guardCell: drops the guard's one apostrophe, and changes nothing else. */
export function unguardCell(value: string): string {
	return GUARDED.test(value) ? value.slice(1) : value;
}

function cell(value: CsvCell, dialect: CsvDialect): string {
	if (value === null) return '';
	if (typeof value === 'number') {
		const text = String(value);
		return dialect === 'semicolon' ? text.replace('.', ',') : text;
	}
	return guardCell(value);
}

/**
 * The CSV text of a table: a UTF-8 byte order mark (Excel reads Polish letters correctly only
 * with it), a header row, CRLF line ends (RFC 4180 §2) and a final line break; null is an empty
 * cell. papaparse quotes a cell that holds the separator, a quote or a line break.
 */
export function writeCsv(
	fields: readonly string[],
	rows: readonly (readonly CsvCell[])[],
	dialect: CsvDialect = 'comma'
): string {
	const text = Papa.unparse(
		{
			fields: fields.map((f) => guardCell(f)),
			data: rows.map((row) => row.map((value) => cell(value, dialect)))
		},
		{ newline: '\r\n', delimiter: dialect === 'semicolon' ? ';' : ',' }
	);
	return '\uFEFF' + text + '\r\n';
}
