import Papa from 'papaparse';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads a region folder (data/regions/<slug>/) into the JSON that private.load_region() takes.
 * The folder layout is generic, so another gmina can load its own data:
 *   region.json, gmina_boundary.geojson, villages.csv, villages_prg_address_median.csv,
 *   solectwa.csv, address_points.csv and, optionally, localities_population.csv.
 */

export const DERIVED_POINT =
	'derived from PRG address points (coordinate-wise median; approximate)';

interface RegionManifest {
	slug: string;
	name: string;
	teryt: string;
	ref_prefix: string;
	sources: unknown[];
}

type Row = Record<string, string>;

function readCsv(dir: string, file: string, required = true): Row[] {
	const path = join(dir, file);
	if (!existsSync(path)) {
		if (required) throw new Error(`brak pliku ${path}`);
		return [];
	}
	const parsed = Papa.parse<Row>(readFileSync(path, 'utf8'), {
		header: true,
		skipEmptyLines: true
	});
	if (parsed.errors.length > 0) {
		const e = parsed.errors[0];
		throw new Error(`${path}, wiersz ${(e.row ?? 0) + 2}: ${e.message}`);
	}
	return parsed.data;
}

function num(value: string | undefined): number | null {
	if (value === undefined || value.trim() === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

function text(value: string | undefined): string | null {
	return value === undefined || value.trim() === '' ? null : value.trim();
}

/** A year only when the source gives one; "n.d." (no date) is kept as written. */
function populationYear(value: string | undefined): string | null {
	return text(value);
}

export function readRegionFolder(dir: string) {
	const manifest = JSON.parse(readFileSync(join(dir, 'region.json'), 'utf8')) as RegionManifest;
	const boundaryFile = JSON.parse(readFileSync(join(dir, 'gmina_boundary.geojson'), 'utf8')) as {
		features: { geometry: unknown }[];
	};
	if (boundaryFile.features?.length !== 1) {
		throw new Error(
			`${dir}/gmina_boundary.geojson: oczekiwano dokładnie jednego obiektu (granicy gminy)`
		);
	}

	const medians = new Map(readCsv(dir, 'villages_prg_address_median.csv').map((r) => [r.name, r]));
	const populations = new Map(
		readCsv(dir, 'localities_population.csv', false).map((r) => [r.name, r])
	);

	const localities = readCsv(dir, 'villages.csv').map((v) => {
		const readLon = num(v.lon);
		const readLat = num(v.lat);
		const median = medians.get(v.name);
		const pop = populations.get(v.name);
		const read = readLon !== null && readLat !== null;
		if (!read && !median)
			throw new Error(`${v.name}: brak współrzędnych i mediany punktów adresowych`);
		return {
			name: v.name,
			lon: read ? readLon : num(median?.median_lon),
			lat: read ? readLat : num(median?.median_lat),
			point_source: read ? `read from source: ${v.source.split(' ').at(-1)}` : DERIVED_POINT,
			source: text(v.source),
			population: num(pop?.population),
			population_year: populationYear(pop?.population_year),
			population_source: text(pop?.source)
		};
	});

	const solectwa = readCsv(dir, 'solectwa.csv').map((s) => ({
		name: s.solectwo,
		seat: text(s.seat),
		population: num(s.population),
		population_year: s.population ? populationYear(s.population_year) : null,
		population_note: text(s.population_note),
		source: text(s.source),
		notes: text(s.notes),
		localities: (s.villages ?? '')
			.split(';')
			.map((n) => n.trim())
			.filter(Boolean)
	}));

	const address_points = readCsv(dir, 'address_points.csv').map((a) => ({
		locality: a.locality,
		street: a.street,
		housenumber: a.housenumber,
		lon: Number(a.lon),
		lat: Number(a.lat)
	}));

	return {
		...manifest,
		boundary: boundaryFile.features[0].geometry,
		localities,
		solectwa,
		address_points
	};
}
