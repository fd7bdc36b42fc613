import { parseZip } from 'shpjs';

// Official boundary uploads: a GeoJSON FeatureCollection or a zipped
// Shapefile, normalised into the features that private.apply_official_areas() validates.
// Geometry checks (validity, inside the gmina, overlaps, address points) are the database's.

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_FEATURES = 500;

/** Coordinates the database accepts: WGS84 lon/lat, or EPSG:2180 (PUWG 1992) metres. */
export type Srid = 4326 | 2180;

export interface UploadFeature {
	name?: string;
	slug?: string;
	/** TERYT SIMC identifier of a locality, when the file has one. */
	simc?: string;
	srid: Srid;
	geometry: unknown;
}

export type ParseErrorCode =
	| 'empty'
	| 'too_large'
	| 'not_json'
	| 'not_feature_collection'
	| 'too_many_features'
	| 'unsupported_crs'
	| 'unknown_coordinates'
	| 'zip_unreadable'
	| 'zip_several_layers';

export type ParseResult =
	| {
			ok: true;
			format: 'geojson' | 'shapefile';
			srid: Srid;
			/** True when the CRS was inferred from metre-range coordinates (no crs member, no .prj). */
			sridGuessed: boolean;
			features: UploadFeature[];
	  }
	| { ok: false; error: ParseErrorCode; detail?: string };

const NAME_KEYS = [
	'name',
	'nazwa',
	'jpt_nazwa_',
	'nazwa_miejscowosci',
	'nazwa_solectwa',
	'miejscowosc',
	'solectwo'
];
const SIMC_KEYS = ['simc', 'teryt_simc', 'id_simc', 'kod_simc', 'simc_id'];

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick(props: Record<string, unknown>, keys: string[]): string | undefined {
	const lower = new Map(Object.entries(props).map(([k, v]) => [k.toLowerCase(), v]));
	for (const key of keys) {
		const v = lower.get(key);
		if ((typeof v === 'string' && v.trim()) || typeof v === 'number') return String(v).trim();
	}
	return undefined;
}

/** SRID named by a GeoJSON `crs` member (GeoJSON 2008 style), or null when it names none we accept. */
export function sridOfCrs(crs: unknown): Srid | null | undefined {
	if (crs === undefined || crs === null) return undefined;
	const name = isRecord(crs) && isRecord(crs.properties) ? crs.properties.name : undefined;
	if (typeof name !== 'string') return null;
	if (/EPSG:{1,2}(\d+\.?\d*:)?2180$/i.test(name)) return 2180;
	if (/CRS84$|EPSG:{1,2}(\d+\.?\d*:)?4326$/i.test(name)) return 4326;
	return null;
}

function* positions(coords: unknown): Generator<number[]> {
	if (!Array.isArray(coords)) return;
	if (typeof coords[0] === 'number') yield coords as number[];
	else for (const c of coords) yield* positions(c);
}

/**
 * Degrees or metres? Lon/lat fit in ±180/±90; EPSG:2180 coordinates of Poland are six-digit
 * metres (roughly 140 000–880 000 east, 120 000–800 000 north).
 */
export function guessSrid(features: { geometry: unknown }[]): Srid | null {
	let degrees = true;
	let metres = true;
	let any = false;
	for (const f of features) {
		const coords = isRecord(f.geometry) ? f.geometry.coordinates : undefined;
		for (const [x, y] of positions(coords)) {
			any = true;
			if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) degrees = false;
			if (!(x >= 100_000 && x <= 900_000 && y >= 100_000 && y <= 900_000)) metres = false;
		}
	}
	if (!any || degrees) return 4326;
	return metres ? 2180 : null;
}

function normalise(raw: { geometry: unknown; properties?: unknown }, srid: Srid): UploadFeature {
	const props = isRecord(raw.properties) ? raw.properties : {};
	return {
		name: pick(props, NAME_KEYS),
		slug: pick(props, ['slug']),
		simc: pick(props, SIMC_KEYS),
		srid,
		geometry: raw.geometry ?? null
	};
}

function collect(
	format: 'geojson' | 'shapefile',
	features: { geometry: unknown; properties?: unknown }[],
	declared: Srid | undefined
): ParseResult {
	if (features.length === 0) return { ok: false, error: 'empty' };
	if (features.length > MAX_FEATURES) return { ok: false, error: 'too_many_features' };
	const srid = declared ?? guessSrid(features);
	if (srid === null) return { ok: false, error: 'unknown_coordinates' };
	return {
		ok: true,
		format,
		srid,
		sridGuessed: declared === undefined && srid === 2180,
		features: features.map((f) => normalise(f, srid))
	};
}

export function parseGeojson(text: string): ParseResult {
	let doc: unknown;
	try {
		doc = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (e) {
		return { ok: false, error: 'not_json', detail: e instanceof Error ? e.message : undefined };
	}
	if (!isRecord(doc)) return { ok: false, error: 'not_feature_collection' };
	const declared = sridOfCrs(doc.crs);
	if (declared === null) return { ok: false, error: 'unsupported_crs' };
	if (doc.type === 'Feature') return collect('geojson', [doc as { geometry: unknown }], declared);
	if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features))
		return { ok: false, error: 'not_feature_collection' };
	const features = doc.features.filter(isRecord).map((f) => ({
		geometry: f.geometry,
		properties: f.properties
	}));
	if (features.length !== doc.features.length)
		return { ok: false, error: 'not_feature_collection' };
	return collect('geojson', features, declared);
}

/**
 * A zipped Shapefile. With a .prj, shpjs reprojects to WGS84 (proj4); without one the
 * coordinates are taken as they are and recognised as degrees or EPSG:2180 metres.
 */
export async function parseShapefileZip(bytes: Uint8Array): Promise<ParseResult> {
	let parsed: Awaited<ReturnType<typeof parseZip>>;
	try {
		parsed = await parseZip(bytes);
	} catch (e) {
		return {
			ok: false,
			error: 'zip_unreadable',
			detail: e instanceof Error ? e.message : undefined
		};
	}
	if (Array.isArray(parsed)) return { ok: false, error: 'zip_several_layers' };
	return collect('shapefile', parsed.features, undefined);
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Chooses the reader by content (a ZIP starts with "PK\x03\x04"), not by the file name. */
export async function parseBoundaryUpload(bytes: Uint8Array): Promise<ParseResult> {
	if (bytes.length === 0) return { ok: false, error: 'empty' };
	if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, error: 'too_large' };
	if (ZIP_MAGIC.every((b, i) => bytes[i] === b)) return parseShapefileZip(bytes);
	return parseGeojson(new TextDecoder('utf-8').decode(bytes));
}
