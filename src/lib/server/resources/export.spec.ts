import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, toCsv, toGeojson } from './export.ts';
import { changedColumns, parseImport } from './import.ts';
import type { ResourceRecord } from './register.ts';

const record: ResourceRecord = {
	id: '6f1c2b9e-9a54-4c1e-8a57-3f0f6f0b8f11',
	name: 'Świetlica, "Pod Lipą"',
	category: 'swietlica',
	category_label: 'świetlica wiejska',
	description: '=HYPERLINK("http://zly.example")',
	address: 'Kramsk, ul. Kolejowa 1',
	lon: 18.4267,
	lat: 52.265,
	status: 'published',
	locality: 'Kramsk',
	contact_email: 'swietlica@kramsk.example',
	contact_phone: null,
	website: null,
	capacity: 60,
	step_free: 'partly',
	amenities: ['kitchen', 'wifi'],
	availability: null,
	opening_hours: 'pn-pt 16-20',
	owner_org: 'Gmina Kramsk',
	photo_key: null,
	is_demo: false,
	updated_at: '2026-11-26T10:00:00Z'
};
const categories = [
	{ slug: 'swietlica', label_pl: 'świetlica wiejska', label_en: 'village hall', color: '#1f77b4' }
];

describe('export', () => {
	it('CSV: BOM, Polish import headers, quoting, defused formulas; it imports back', () => {
		const csv = toCsv([record]);
		expect(csv.startsWith('\uFEFFnazwa,kategoria,opis,adres,dlugosc,szerokosc,')).toBe(true);
		expect(csv).toContain('"Świetlica, ""Pod Lipą"""');
		expect(csv).toContain(`"'=HYPERLINK(""http://zly.example"")"`);
		expect(csv).toContain('częściowo');
		const back = parseImport(csv, 'csv', { categories });
		expect(back.rejected).toEqual([]);
		// The id ties the row to its resource; the village is computed, so known but not read.
		expect(back.ignoredColumns).toEqual([]);
		expect(back.accepted[0]).toMatchObject({
			id: record.id,
			name: record.name,
			description: record.description,
			lon: 18.4267,
			lat: 52.265,
			capacity: 60,
			step_free: 'partly',
			amenities: ['kitchen', 'wifi'],
			status: 'published'
		});
	});

	it('CSV round trip: text starting with = + - @ or an apostrophe imports back unchanged', () => {
		const tricky: ResourceRecord = {
			...record,
			name: '@Świetlica',
			description: "'Stara' szkoła, =1+1",
			address: '-',
			contact_phone: '+48 63 270 00 00',
			availability: "''",
			opening_hours: '-5',
			owner_org: '=SUM(A1:A9)'
		};
		const csv = toCsv([tricky]);
		expect(csv).toContain(`,'+48 63 270 00 00,`);
		// An apostrophe not followed by a formula character is left alone, both ways.
		expect(csv).toContain(`"'Stara' szkoła, =1+1"`);
		expect(csv).toContain(`,'',`);
		const back = parseImport(csv, 'csv', { categories });
		expect(back.rejected).toEqual([]);
		expect(back.accepted[0]).toMatchObject({
			name: tricky.name,
			description: tricky.description,
			address: tricky.address,
			contact_phone: tricky.contact_phone,
			availability: tricky.availability,
			opening_hours: tricky.opening_hours,
			owner_org: tricky.owner_org
		});
	});

	it('the Excel variant (semicolons, decimal commas) imports back the same', () => {
		const csv = toCsv([record], 'semicolon');
		expect(csv.startsWith('\uFEFFnazwa;kategoria;opis;adres;dlugosc;szerokosc;')).toBe(true);
		expect(csv).toContain(';18,4267;52,265;');
		const comma = parseImport(toCsv([record]), 'csv', { categories });
		const semicolon = parseImport(csv, 'csv', { categories });
		expect(semicolon.rejected).toEqual([]);
		expect(semicolon.accepted).toEqual(comma.accepted);
	});

	it('names changed fields by the columns the export writes', () => {
		expect(changedColumns(['description', 'point'], 'csv')).toBe('opis, dlugosc, szerokosc');
		expect(changedColumns(['description', 'point'], 'geojson')).toBe('description, geometry');
		const columns = changedColumns(
			[
				'name',
				'category',
				'description',
				'address',
				'point',
				'status',
				'contact_email',
				'contact_phone',
				'website',
				'capacity',
				'step_free',
				'amenities',
				'availability',
				'opening_hours',
				'owner_org'
			],
			'csv'
		).split(', ');
		for (const column of columns) expect(CSV_COLUMNS).toContain(column);
	});

	it('GeoJSON: Point features with the fields as properties', () => {
		const body = JSON.parse(toGeojson([record]));
		expect(body.type).toBe('FeatureCollection');
		expect(body.features[0].geometry).toEqual({ type: 'Point', coordinates: [18.4267, 52.265] });
		expect(body.features[0].properties).toMatchObject({ name: record.name, capacity: 60 });
	});
});
