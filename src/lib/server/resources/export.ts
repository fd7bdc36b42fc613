import { writeCsv, type CsvCell, type CsvDialect } from '../csv.ts';
import type { ResourceRecord } from './register.ts';

/**
 * Export of the register. The CSV uses the import's column names, so an
 * exported file can be edited in a spreadsheet and imported again.
 */
export const CSV_COLUMNS = [
	'nazwa',
	'kategoria',
	'opis',
	'adres',
	'dlugosc',
	'szerokosc',
	'status',
	'email',
	'telefon',
	'www',
	'pojemnosc',
	'bez_schodow',
	'udogodnienia',
	'dostepnosc',
	'godziny',
	'wlasciciel',
	'miejscowosc',
	'id'
] as const;

const STEP_FREE_PL = { yes: 'tak', no: 'nie', partly: 'częściowo' } as const;
const AMENITY_PL = {
	kitchen: 'kuchnia',
	projector: 'rzutnik',
	wifi: 'wifi',
	toilets: 'toalety',
	parking: 'parking'
} as const;

/**
 * Text cells are guarded against spreadsheet formulas by writeCsv (the import undoes it);
 * coordinates and capacity are numbers and stay numbers. The `id` column lets the import update
 * each resource in place (./import.ts).
 */
export function toCsv(rows: readonly ResourceRecord[], dialect: CsvDialect = 'comma'): string {
	const data = rows.map((r): CsvCell[] => [
		r.name,
		r.category,
		r.description,
		r.address,
		r.lon,
		r.lat,
		r.status,
		r.contact_email,
		r.contact_phone,
		r.website,
		r.capacity,
		r.step_free ? STEP_FREE_PL[r.step_free] : null,
		r.amenities.map((a) => AMENITY_PL[a]).join('; '),
		r.availability,
		r.opening_hours,
		r.owner_org,
		r.locality,
		r.id
	]);
	return writeCsv(CSV_COLUMNS, data, dialect);
}

export function toGeojson(rows: readonly ResourceRecord[]): string {
	return JSON.stringify({
		type: 'FeatureCollection',
		features: rows.map(({ lon, lat, ...properties }) => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [lon, lat] },
			properties
		}))
	});
}
