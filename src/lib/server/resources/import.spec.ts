import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { parseImport, rejectedRowCount } from './import.ts';

const categories = [
	{ slug: 'swietlica', label_pl: 'świetlica wiejska', label_en: 'village hall', color: '#1f77b4' },
	{ slug: 'osp', label_pl: 'remiza OSP', label_en: 'volunteer fire station', color: '#d62728' }
];
// A box around Kramsk stands in for the gmina boundary (the real one is checked in tests/db).
const boundary: Polygon = {
	type: 'Polygon',
	coordinates: [
		[
			[18.3, 52.2],
			[18.6, 52.2],
			[18.6, 52.35],
			[18.3, 52.35],
			[18.3, 52.2]
		]
	]
};
const context = { categories, boundary };

const csv = (...lines: string[]) => lines.join('\n');

describe('parseImport (CSV)', () => {
	it('reads Polish headers, decimal commas, labels and Polish values', () => {
		const report = parseImport(
			csv(
				'nazwa;kategoria;adres;dlugosc;szerokosc;pojemnosc;bez_schodow;udogodnienia;email',
				'Świetlica w Kramsku;Świetlica wiejska;ul. Kolejowa 1;18,4267;52,2650;60;częściowo;"kuchnia; wifi";swietlica@kramsk.example'
			),
			'csv',
			context
		);
		expect(report.fileError).toBeNull();
		expect(report.rejected).toEqual([]);
		expect(report.ignoredColumns).toEqual([]);
		expect(report.accepted[0]).toMatchObject({
			row: 2,
			name: 'Świetlica w Kramsku',
			category: 'swietlica',
			lon: 18.4267,
			lat: 52.265,
			capacity: 60,
			step_free: 'partly',
			amenities: ['kitchen', 'wifi'],
			contact_email: 'swietlica@kramsk.example',
			status: 'draft'
		});
	});

	it('reads English headers, quoted amenity lists and a status', () => {
		const report = parseImport(
			csv(
				'name,category,lon,lat,amenities,step_free,status,capacity',
				'Remiza,osp,18.43,52.27,"kitchen;projector;toalety",tak,opublikowany,'
			),
			'csv',
			context
		);
		expect(report.rejected).toEqual([]);
		expect(report.accepted[0]).toMatchObject({
			amenities: ['kitchen', 'projector', 'toilets'],
			step_free: 'yes',
			status: 'published',
			capacity: null
		});
	});

	it('rejects bad rows with row number, field and a Polish reason; keeps good ones apart', () => {
		const report = parseImport(
			csv(
				'nazwa,kategoria,dlugosc,szerokosc,pojemnosc,www',
				'Dobra świetlica,swietlica,18.42,52.26,,',
				',swietlica,18.42,52.26,,',
				'Basen,basen,18.42,52.26,,',
				'Zła pozycja,osp,abc,52.26,,',
				'Za daleko,osp,19.456,51.759,,',
				'Dobra świetlica,swietlica,18.42,52.26,,',
				'Zła liczba,osp,18.42,52.26,dużo,',
				'Zła strona,osp,18.42,52.26,,kramsk.pl'
			),
			'csv',
			context
		);
		expect(report.accepted.map((r) => r.row)).toEqual([2]);
		expect(report.rejected).toEqual([
			{ row: 3, field: 'name', message: 'Podaj nazwę zasobu.' },
			{ row: 4, field: 'category', message: expect.stringContaining('Nieznana kategoria') },
			{ row: 5, field: 'lon', message: expect.stringContaining('Długość geograficzna') },
			{ row: 6, field: 'lon', message: 'Punkt leży poza granicą gminy Kramsk.' },
			{ row: 7, field: 'name', message: expect.stringContaining('Powtórzenie wiersza 2') },
			{ row: 8, field: 'capacity', message: expect.stringContaining('liczbą całkowitą') },
			{ row: 9, field: 'website', message: expect.stringContaining('http://') }
		]);
		expect(rejectedRowCount(report)).toBe(7);
	});

	it('reports every wrong field of a row', () => {
		const report = parseImport(
			csv('name,category,lon,lat,step_free,amenities', 'X,nie-ma,200,-95,może,sauna'),
			'csv',
			context
		);
		expect(report.rejected.map((r) => r.field).sort()).toEqual(
			['amenities', 'category', 'lat', 'lon', 'step_free'].sort()
		);
		expect(rejectedRowCount(report)).toBe(1);
	});

	it('an empty file, a header-only file and missing required columns are whole-file errors', () => {
		expect(parseImport('', 'csv', context).fileError).toBe(
			'Plik jest pusty albo nie ma w nim żadnego wiersza danych.'
		);
		expect(parseImport('nazwa,kategoria,lon,lat\n', 'csv', context).fileError).toMatch(/pusty/);
		expect(parseImport(csv('nazwa,adres', 'A,B'), 'csv', context).fileError).toBe(
			'Brak wymaganych kolumn: kategoria (category), dlugosc (lon), szerokosc (lat).'
		);
	});

	it('names unknown columns instead of dropping them silently', () => {
		const report = parseImport(
			csv('nazwa,kategoria,lon,lat,uwagi', 'A,osp,18.42,52.26,coś'),
			'csv',
			context
		);
		expect(report.ignoredColumns).toEqual(['uwagi']);
		expect(report.accepted).toHaveLength(1);
	});

	it('the example file offered for download imports cleanly (BOM, CRLF, no ids: new rows)', () => {
		const file = join(import.meta.dirname, '../../../../static/przyklady/zasoby-przyklad.csv');
		const text = readFileSync(file, 'utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const report = parseImport(text, 'csv', context);
		expect(report.fileError).toBeNull();
		expect(report.rejected).toEqual([]);
		expect(report.ignoredColumns).toEqual([]);
		expect(report.accepted.map((r) => [r.id, r.contact_phone])).toEqual([
			[null, '+48 63 000 00 00'],
			[null, null]
		]);
	});

	it('the id column: a row with an id updates, one without creates; a bad or repeated id is rejected', () => {
		const id = '6F1C2B9E-9A54-4C1E-8A57-3F0F6F0B8F11';
		const report = parseImport(
			csv(
				'id,nazwa,kategoria,dlugosc,szerokosc,status',
				`${id},Świetlica,swietlica,18.42,52.26,`,
				',Nowa świetlica,swietlica,18.43,52.26,',
				'nie-uuid,Remiza,osp,18.44,52.26,',
				`${id.toLowerCase()},Świetlica bis,swietlica,18.45,52.26,`,
				'6f1c2b9e-9a54-4c1e-8a57-3f0f6f0b8f12,Świetlica,swietlica,18.42,52.26,opublikowany',
				',Świetlica,swietlica,18.42,52.26,'
			),
			'csv',
			{ ...context, defaultStatus: 'published' }
		);
		expect(report.accepted.map((r) => [r.row, r.id, r.status])).toEqual([
			// An update with an empty status keeps the resource's status (null); a new row gets the default.
			[2, id.toLowerCase(), null],
			[3, null, 'published'],
			// Two registered resources may share a name and a place; both update.
			[6, '6f1c2b9e-9a54-4c1e-8a57-3f0f6f0b8f12', 'published']
		]);
		expect(report.rejected).toEqual([
			{ row: 4, field: 'id', message: expect.stringContaining('zły format') },
			{ row: 5, field: 'id', message: expect.stringContaining('wierszu 2') },
			// A new row repeating a listed resource is a duplicate.
			{ row: 7, field: 'name', message: expect.stringContaining('wiersza 2') }
		]);
	});

	it('a row with too many cells is rejected, not cut', () => {
		const report = parseImport(
			csv('nazwa,kategoria,lon,lat', 'A,osp,18.42,52.26', 'B,osp,18.42,52.26,extra'),
			'csv',
			context
		);
		expect(report.accepted.map((r) => r.row)).toEqual([2]);
		expect(report.rejected).toEqual([
			{ row: 3, field: 'form', message: expect.stringContaining('Błąd odczytu wiersza CSV') }
		]);
	});
});

describe('parseImport (GeoJSON)', () => {
	const point = (properties: Record<string, unknown>, coordinates = [18.42, 52.26]) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates },
		properties
	});
	const collection = (...features: unknown[]) =>
		JSON.stringify({ type: 'FeatureCollection', features });

	it('takes coordinates from Point geometries and fields from properties', () => {
		const report = parseImport(
			collection(point({ nazwa: 'Remiza', kategoria: 'osp', capacity: 40, amenities: ['wifi'] })),
			'geojson',
			context
		);
		expect(report.rejected).toEqual([]);
		expect(report.accepted[0]).toMatchObject({
			row: 1,
			name: 'Remiza',
			lon: 18.42,
			lat: 52.26,
			capacity: 40,
			amenities: ['wifi']
		});
	});

	it('rejects other geometry types, wrong types and points outside', () => {
		const report = parseImport(
			collection(
				{
					type: 'Feature',
					geometry: { type: 'Polygon', coordinates: [] },
					properties: { name: 'A', category: 'osp' }
				},
				point({ name: 42, category: 'osp' }),
				point({ name: 'Daleko', category: 'osp' }, [19.456, 51.759]),
				{ type: 'Feature', geometry: null, properties: { name: 'B', category: 'osp' } }
			),
			'geojson',
			context
		);
		expect(report.accepted).toEqual([]);
		expect(report.rejected).toEqual([
			{ row: 1, field: 'geometry', message: 'Oczekiwano geometrii typu Point, a jest Polygon.' },
			{ row: 2, field: 'name', message: expect.stringContaining('Oczekiwano tekstu') },
			{ row: 3, field: 'lon', message: 'Punkt leży poza granicą gminy Kramsk.' },
			{ row: 4, field: 'geometry', message: 'Oczekiwano geometrii typu Point, a jest null.' }
		]);
	});

	it('broken JSON, a non-GeoJSON object and an empty collection are whole-file errors', () => {
		expect(parseImport('{"type":', 'geojson', context).fileError).toMatch(/składni JSON/);
		expect(parseImport('{"a":1}', 'geojson', context).fileError).toMatch(/FeatureCollection/);
		expect(parseImport(collection(), 'geojson', context).fileError).toMatch(/pusty/);
	});
});
