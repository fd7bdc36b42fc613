import Papa from 'papaparse';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { Consultation, ConsultationSnapshot } from '$lib/live/types';
import { resultsCsv, resultsGeojson, resultsPdf, type Results } from './results.ts';

const consultation: Consultation = {
	id: '00000000-0000-4000-8000-00000000c001',
	code: 'K7M2QX',
	question: 'Czego brakuje w Łężynie?',
	starts_at: '2026-11-26T13:00:00Z',
	ends_at: '2026-11-26T15:00:00Z',
	hold: false,
	status: 'closed',
	closed_at: '2026-11-26T14:30:00Z',
	created_at: '2026-11-26T12:55:00Z',
	accepting: false,
	area: null,
	category: 'przestrzen-publiczna',
	choices: []
};

const pin = (id: string, title: string, category: string) => ({
	type: 'Feature' as const,
	geometry: { type: 'Point' as const, coordinates: [18.4267, 52.265] as [number, number] },
	properties: {
		id,
		ref: `KR-2026-00${id.slice(-2)}`,
		kind: 'need',
		category,
		category_label: category === 'seniorzy' ? 'seniorzy' : 'edukacja',
		category_label_en: category === 'seniorzy' ? 'older people' : 'education',
		color: '#be185d',
		title,
		locality: 'Kramsk',
		created_at: '2026-11-26T13:10:00Z'
	}
});

const snapshot: ConsultationSnapshot = {
	taken_at: '2026-11-26T14:30:00Z',
	total: 4,
	counts: [
		{ category: 'seniorzy', label: 'seniorzy', label_en: 'older people', count: 3 },
		{ category: 'edukacja', label: 'edukacja', label_en: 'education', count: 1 }
	],
	answers: {
		type: 'FeatureCollection',
		features: [
			pin('a1', 'Ławka, "z oparciem"', 'seniorzy'),
			pin('a2', 'Kurs komputerowy', 'edukacja')
		]
	}
};

async function pdfText(results: Results) {
	const pdf = await getDocumentProxy(new Uint8Array(await resultsPdf(results)));
	return (await extractText(pdf, { mergePages: true })).text;
}

describe('consultation results', () => {
	it('CSV has one row per frozen answer and survives quotes and commas', () => {
		const csv = resultsCsv({ consultation, snapshot, exact: false });
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const parsed = Papa.parse<Record<string, string>>(csv.slice(1).trim(), { header: true });
		expect(parsed.data.map((r) => r.title)).toEqual(['Ławka, "z oparciem"', 'Kurs komputerowy']);
		expect(parsed.data[0].lon).toBe('18.4267');
	});

	it('CSV guards titles a spreadsheet would run as formulas, keeps coordinates as numbers', () => {
		const attack = {
			...snapshot,
			answers: {
				type: 'FeatureCollection' as const,
				features: [
					pin('a1', '=HYPERLINK("https://evil.example","Kliknij")', 'seniorzy'),
					pin('a2', '@SUM(1+1)', 'edukacja'),
					pin('a3', "'cytat", 'edukacja')
				]
			}
		};
		const csv = resultsCsv({ consultation, snapshot: attack, exact: false });
		const rows = Papa.parse<string[]>(csv.slice(1).trim()).data.slice(1);
		expect(rows.map((r) => r[1])).toEqual([
			'\'=HYPERLINK("https://evil.example","Kliknij")',
			"'@SUM(1+1)",
			// An apostrophe before ordinary text is no formula: written as typed.
			"'cytat"
		]);
		expect(csv).toContain(',18.4267,52.265,');
	});

	it('the Excel variant: semicolons and decimal commas', () => {
		const csv = resultsCsv({ consultation, snapshot, exact: false }, 'semicolon');
		expect(csv.startsWith('\uFEFFref;title;category;')).toBe(true);
		const parsed = Papa.parse<Record<string, string>>(csv.slice(1).trim(), {
			header: true,
			delimiter: ';'
		});
		expect(parsed.errors).toEqual([]);
		expect(parsed.data.map((r) => r.title)).toEqual(['Ławka, "z oparciem"', 'Kurs komputerowy']);
		expect(parsed.data[0].lon).toBe('18,4267');
	});

	it('GeoJSON names the session and the date of the snapshot', () => {
		const geojson = JSON.parse(resultsGeojson({ consultation, snapshot, exact: false }));
		expect(geojson.consultation.code).toBe('K7M2QX');
		expect(geojson.taken_at).toBe(snapshot.taken_at);
		expect(geojson.features).toHaveLength(2);
	});

	it('the PDF has the question and answers, and exact counts of the public answers for all', async () => {
		const open = await pdfText({ consultation, snapshot, exact: false });
		expect(open).toContain('Czego brakuje w Łężynie?');
		expect(open).toContain('Kurs komputerowy');
		// Each counted answer is listed in the same PDF: a "<3" would hide nothing.
		expect(open).not.toContain('<3');
		const staff = await pdfText({ consultation, snapshot, exact: true });
		expect(staff).not.toContain('<3');
	});
});
