import Papa from 'papaparse';
import type { ResourceRecord } from './register.ts';

/**
 * Export of the register (issue #4, item 3). The CSV uses the import's column names, so an
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

/** Spreadsheets run cells starting with = + - @ as formulas; a leading apostrophe defuses them. */
function cell(value: string | number | null): string | number {
	if (value === null) return '';
	if (typeof value === 'number') return value;
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(rows: readonly ResourceRecord[]): string {
	const data = rows.map((r) =>
		[
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
		].map(cell)
	);
	// BOM: Excel opens UTF-8 Polish letters correctly only with it.
	return '\uFEFF' + Papa.unparse({ fields: [...CSV_COLUMNS], data }, { newline: '\r\n' }) + '\r\n';
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
