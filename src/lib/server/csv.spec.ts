import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { csvDialect, csvFileName, unguardCell, writeCsv, type CsvCell } from './csv.ts';

/** The cells of a written file as a spreadsheet or the app's import reads them (no unguarding). */
function rawCells(csv: string, delimiter = ','): string[][] {
	expect(csv.startsWith('\uFEFF')).toBe(true);
	expect(csv.endsWith('\r\n')).toBe(true);
	const parsed = Papa.parse<string[]>(csv.slice(1, -2), { delimiter });
	expect(parsed.errors).toEqual([]);
	return parsed.data;
}

const TRICKY = [
	'',
	"'",
	"''",
	"'''x",
	"'=1+1",
	'=1+1',
	'=HYPERLINK("https://evil.example","klik")',
	'+48 63 270 00 00',
	'-5',
	'-',
	'@SUM(A1:A2)',
	'\t=1+1',
	'\r=1+1',
	'\0',
	'\n=1+1',
	' =1+1',
	'a,b',
	'"cytat"',
	'wiersz\r\ndrugi',
	'Łężyn – świetlica',
	'＝1+1',
	'🙂 emoji',
	'\u200b=1',
	'x=1',
	'100%'
];

// A small deterministic generator (no randomness in tests): strings built from the characters
// that matter at the start of a cell, a quote, separators and non-ASCII letters.
function* generated(): Generator<string> {
	const alphabet = [
		"'",
		'=',
		'+',
		'-',
		'@',
		'\t',
		'\r',
		'\n',
		'"',
		',',
		';',
		' ',
		'a',
		'ż',
		'1',
		'🙂'
	];
	for (const a of alphabet)
		for (const b of alphabet) for (const c of ['', ...alphabet.slice(0, 6)]) yield a + b + c;
}

describe('writeCsv and unguardCell', () => {
	it.each(['comma', 'semicolon'] as const)(
		'round trip (%s): every string comes back exactly after writing and reading',
		(dialect) => {
			const values = [...TRICKY, ...generated()];
			expect(values.length).toBeGreaterThan(1500);
			const csv = writeCsv(
				['value'],
				values.map((v) => [v]),
				dialect
			);
			const back = rawCells(csv, dialect === 'comma' ? ',' : ';')
				.slice(1)
				.map((row) => unguardCell(row[0]));
			expect(back).toEqual(values);
		}
	);

	it('no written text cell starts with a formula character', () => {
		const values = [...TRICKY, ...generated()];
		const cells = rawCells(
			writeCsv(
				['value'],
				values.map((v) => [v])
			)
		).flat();
		for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r\0]/);
	});

	it('guards exactly the dangerous starts, and apostrophes only when one precedes them', () => {
		const [, row] = rawCells(
			writeCsv(
				['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
				[['=1+1', '+48 63', '-5', '@SUM(A1)', "'x", "'=x", 'x=1', ' =1', 'Łęg']]
			)
		);
		expect(row).toEqual([
			"'=1+1",
			"'+48 63",
			"'-5",
			"'@SUM(A1)",
			"'x",
			"''=x",
			'x=1',
			' =1',
			'Łęg'
		]);
	});

	it('numbers stay numbers (a negative coordinate is not text), null is an empty cell', () => {
		const rows: CsvCell[][] = [[-18.5, 0, null, 'tekst']];
		const csv = writeCsv(['lon', 'n', 'empty', 'text'], rows);
		expect(csv).toBe('\uFEFFlon,n,empty,text\r\n-18.5,0,,tekst\r\n');
	});

	it('the Excel variant: semicolons, decimal commas, text with ; or , quoted', () => {
		const rows: CsvCell[][] = [[-18.4267, 52.265, 60, 'kuchnia; wifi', '1.5', 'a,b', '-1.5']];
		const csv = writeCsv(['lon', 'lat', 'n', 'list', 'text', 'comma', 'minus'], rows, 'semicolon');
		expect(csv).toBe(
			'\uFEFFlon;lat;n;list;text;comma;minus\r\n' +
				`-18,4267;52,265;60;"kuchnia; wifi";1.5;a,b;'-1.5\r\n`
		);
		const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter: ';', skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		expect(parsed.data[1]).toEqual([
			'-18,4267',
			'52,265',
			'60',
			'kuchnia; wifi',
			'1.5',
			'a,b',
			"'-1.5"
		]);
	});

	it("unguardCell drops the guard's apostrophe only", () => {
		expect(unguardCell("'+48")).toBe('+48');
		expect(unguardCell("''=x")).toBe("'=x");
		expect(unguardCell("''x")).toBe("''x");
		expect(unguardCell("'")).toBe("'");
		expect(unguardCell("'Złota jesień'")).toBe("'Złota jesień'");
		expect(unguardCell('x')).toBe('x');
	});
});

describe('csvDialect', () => {
	const at = (query: string) => csvDialect(new URL(`http://localhost/x.csv${query}`));
	it('plain CSV by default, the Excel variant with ?sep=semicolon or ?sep=;', () => {
		expect(at('')).toBe('comma');
		expect(at('?sep=comma')).toBe('comma');
		expect(at('?sep=semicolon')).toBe('semicolon');
		expect(at('?sep=%3B')).toBe('semicolon');
		expect(csvFileName('zasoby', 'semicolon')).toBe('zasoby-excel.csv');
		expect(csvFileName('zasoby', 'comma')).toBe('zasoby.csv');
	});
	it('refuses another separator with a 400', () => {
		try {
			at('?sep=tab');
			expect.unreachable();
		} catch (e) {
			expect(isHttpError(e, 400)).toBe(true);
		}
	});
});
