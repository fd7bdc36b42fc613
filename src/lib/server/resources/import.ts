import Papa from 'papaparse';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import * as m from '$lib/paraglide/messages';
import type { Category } from '$lib/types';
import { isUuid } from '$lib/uuid';
import { unguardCell } from '../csv.ts';
import { fold, validateResource, type ResourceInput } from './fields.ts';
import type { ResourceStatus } from '../../vocab/resource-status.ts';

/**
 * Import of the resource register from CSV or GeoJSON. A pure function: the
 * file's text in, every row either accepted or rejected with its number, field and a Polish
 * reason out. Nothing is dropped silently; the database checks the accepted rows once more.
 *
 * The `id` column (the export writes it) ties a row to a resource of the register: a row with an
 * id updates that resource, a row without one creates a new resource. So an exported file edited
 * in a spreadsheet and imported again changes exactly the cells that were edited
 * (private resources_import compares field by field and skips unchanged rows).
 */
export type ImportFormat = 'csv' | 'geojson';
export const MAX_ROWS = 2000;

export interface AcceptedRow extends Omit<ResourceInput, 'status'> {
	/** CSV: spreadsheet row (the header is row 1). GeoJSON: feature number from 1. */
	row: number;
	/** The resource this row updates; null creates a new one. */
	id: string | null;
	/** Null only for an update whose status cell is empty: the resource keeps its status. */
	status: ResourceInput['status'] | null;
}

export interface RejectedRow {
	row: number;
	field: string;
	message: string;
}

export interface ImportReport {
	format: ImportFormat;
	accepted: AcceptedRow[];
	rejected: RejectedRow[];
	/** Whole-file problem (empty, not JSON, required columns missing): no row is read. */
	fileError: string | null;
	/** Columns whose name is not known; their values are not imported (and the report says so). */
	ignoredColumns: string[];
}

export interface ImportContext {
	categories: readonly Category[];
	/** Gmina boundary; when given, points outside are rejected before the database sees them. */
	boundary?: Polygon | MultiPolygon | null;
	/** Status given to new rows that name none (an updated row keeps its own). */
	defaultStatus?: Exclude<ResourceStatus, 'archived'>;
}

// Column names, folded (lower case, no diacritics, spaces and dashes as underscores).
const ALIASES: Record<string, string> = {
	name: 'name',
	nazwa: 'name',
	category: 'category',
	kategoria: 'category',
	description: 'description',
	opis: 'description',
	address: 'address',
	adres: 'address',
	lon: 'lon',
	lng: 'lon',
	longitude: 'lon',
	x: 'lon',
	dlugosc: 'lon',
	dlugosc_geograficzna: 'lon',
	lat: 'lat',
	latitude: 'lat',
	y: 'lat',
	szerokosc: 'lat',
	szerokosc_geograficzna: 'lat',
	contact_email: 'contact_email',
	email: 'contact_email',
	e_mail: 'contact_email',
	contact_phone: 'contact_phone',
	phone: 'contact_phone',
	telefon: 'contact_phone',
	website: 'website',
	www: 'website',
	strona: 'website',
	strona_www: 'website',
	capacity: 'capacity',
	pojemnosc: 'capacity',
	liczba_miejsc: 'capacity',
	step_free: 'step_free',
	bez_schodow: 'step_free',
	bez_barier: 'step_free',
	amenities: 'amenities',
	udogodnienia: 'amenities',
	wyposazenie: 'amenities',
	availability: 'availability',
	dostepnosc: 'availability',
	opening_hours: 'opening_hours',
	godziny: 'opening_hours',
	godziny_otwarcia: 'opening_hours',
	owner_org: 'owner_org',
	wlasciciel: 'owner_org',
	organizacja: 'owner_org',
	status: 'status',
	id: 'id',
	identyfikator: 'id'
};
// Columns the exports write that the register computes itself (the village from the point; the
// GeoJSON's label, photo and time stamp): known, so not reported as unknown, and not imported.
const DERIVED = new Set([
	'miejscowosc',
	'locality',
	'category_label',
	'photo_key',
	'is_demo',
	'updated_at'
]);
const REQUIRED = ['name', 'category', 'lon', 'lat'];
const REQUIRED_LABELS: Record<string, string> = {
	name: 'nazwa (name)',
	category: 'kategoria (category)',
	lon: 'dlugosc (lon)',
	lat: 'szerokosc (lat)'
};

const columnKey = (header: string) => fold(header).replace(/[\s-]+/g, '_');

function mapRecord(record: Record<string, unknown>, ignored: Set<string>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [header, value] of Object.entries(record)) {
		const key = ALIASES[columnKey(header)];
		if (key) out[key] ??= value;
		else if (header.trim() !== '' && !DERIVED.has(columnKey(header))) ignored.add(header.trim());
	}
	return out;
}

/**
 * Rows of a CSV text with their spreadsheet row numbers, or a whole-file error. The separator
 * (comma, or semicolon as Polish Excel writes it) is detected by papaparse. unguardCell undoes
 * the export's guard against spreadsheet formulas exactly (see ../csv.ts): "'+48 63 …" is read as
 * "+48 63 …", and any other cell is read as it is.
 */
function readCsv(text: string) {
	const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: 'greedy',
		transformHeader: (h) => h.trim(),
		transform: (value) => unguardCell(value)
	});
	const headers = (result.meta.fields ?? []).filter((h) => h !== '');
	const rowErrors = new Map<number, string>();
	for (const e of result.errors) {
		if (typeof e.row === 'number') rowErrors.set(e.row, e.message);
	}
	return {
		headers,
		records: result.data.map((record, index) => ({
			// Row 1 is the header; blank lines are skipped by the parser, so count from the data.
			row: index + 2,
			record,
			error: rowErrors.get(index) ?? null
		}))
	};
}

interface Feature {
	row: number;
	record: Record<string, unknown>;
	error: string | null;
}

function readGeojson(text: string): { features: Feature[] } | { fileError: string } {
	let body: unknown;
	try {
		body = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		return { fileError: m.res_imp_bad_json() };
	}
	const object = body as { type?: unknown; features?: unknown };
	const list =
		object?.type === 'FeatureCollection' && Array.isArray(object.features)
			? (object.features as unknown[])
			: object?.type === 'Feature'
				? [object]
				: null;
	if (!list) return { fileError: m.res_imp_not_collection() };
	return {
		features: list.map((raw, index) => {
			const feature = raw as {
				geometry?: { type?: unknown; coordinates?: unknown };
				properties?: unknown;
			};
			const props =
				feature?.properties && typeof feature.properties === 'object'
					? (feature.properties as Record<string, unknown>)
					: {};
			const geometry = feature?.geometry;
			const type = typeof geometry?.type === 'string' ? geometry.type : 'null';
			if (type !== 'Point' || !Array.isArray(geometry?.coordinates)) {
				return { row: index + 1, record: props, error: m.res_imp_geometry({ type }) };
			}
			const [lon, lat] = geometry.coordinates as unknown[];
			return { row: index + 1, record: { ...props, lon, lat }, error: null };
		})
	};
}

/** Parses and validates a whole file; see ImportReport. */
export function parseImport(
	text: string,
	format: ImportFormat,
	context: ImportContext
): ImportReport {
	const report: ImportReport = {
		format,
		accepted: [],
		rejected: [],
		fileError: null,
		ignoredColumns: []
	};
	if (text.trim() === '') return { ...report, fileError: m.res_imp_empty() };

	const ignored = new Set<string>();
	let rows: Feature[];
	if (format === 'csv') {
		const { headers, records } = readCsv(text);
		const known = new Set(headers.map((h) => ALIASES[columnKey(h)]).filter(Boolean));
		const missing = REQUIRED.filter((r) => !known.has(r));
		if (headers.length > 0 && missing.length > 0 && records.length > 0) {
			return {
				...report,
				fileError: m.res_imp_missing_columns({
					columns: missing.map((c) => REQUIRED_LABELS[c]).join(', ')
				})
			};
		}
		rows = records;
	} else {
		const read = readGeojson(text);
		if ('fileError' in read) return { ...report, fileError: read.fileError };
		rows = read.features;
	}
	if (rows.length === 0) return { ...report, fileError: m.res_imp_empty() };
	if (rows.length > MAX_ROWS)
		return { ...report, fileError: m.res_imp_too_many({ max: MAX_ROWS }) };

	const seen = new Map<string, number>();
	const seenIds = new Map<string, number>();
	for (const { row, record, error } of rows) {
		if (error) {
			report.rejected.push({
				row,
				field: format === 'csv' ? 'form' : 'geometry',
				message: format === 'csv' ? m.res_imp_csv_row({ message: error }) : error
			});
			continue;
		}
		const mapped = mapRecord(record, ignored);
		const id = readId(mapped.id);
		const statusGiven = typeof mapped.status === 'string' && mapped.status.trim() !== '';
		if (!statusGiven && id === null && context.defaultStatus) mapped.status = context.defaultStatus;
		const checked = validateResource(mapped, context.categories);
		if (!checked.ok || id === undefined) {
			if (id === undefined) report.rejected.push({ row, field: 'id', message: m.csv_imp_bad_id() });
			for (const [field, message] of Object.entries(checked.ok ? {} : checked.errors)) {
				report.rejected.push({ row, field, message });
			}
			continue;
		}
		if (id !== null) {
			const first = seenIds.get(id);
			if (first !== undefined) {
				report.rejected.push({ row, field: 'id', message: m.csv_imp_duplicate_id({ row: first }) });
				continue;
			}
			seenIds.set(id, row);
		}
		const value = checked.value;
		if (context.boundary && !booleanPointInPolygon([value.lon, value.lat], context.boundary)) {
			report.rejected.push({ row, field: 'lon', message: m.res_err_outside() });
			continue;
		}
		const key = [fold(value.name), value.category, value.lon.toFixed(5), value.lat.toFixed(5)].join(
			'|'
		);
		// Two rows for one new resource are a mistake; rows with ids may share a place, as the
		// register itself may (the export of such a register must import back).
		const first = seen.get(key);
		if (first !== undefined && id === null) {
			report.rejected.push({ row, field: 'name', message: m.res_imp_duplicate({ row: first }) });
			continue;
		}
		if (first === undefined) seen.set(key, row);
		const status = id !== null && !statusGiven ? null : value.status;
		report.accepted.push({ row, ...value, id, status });
	}
	report.ignoredColumns = [...ignored];
	return report;
}

/** The id cell: a UUID (any case, stored lower case), null when empty, undefined when malformed. */
function readId(raw: unknown): string | null | undefined {
	if (raw === undefined || raw === null) return null;
	if (typeof raw !== 'string') return undefined;
	const text = raw.trim();
	if (text === '') return null;
	return isUuid(text) ? text.toLowerCase() : undefined;
}

// The export's CSV column of each field private resources_import names as changed.
const CSV_COLUMN: Record<string, string> = {
	name: 'nazwa',
	category: 'kategoria',
	description: 'opis',
	address: 'adres',
	point: 'dlugosc, szerokosc',
	status: 'status',
	contact_email: 'email',
	contact_phone: 'telefon',
	website: 'www',
	capacity: 'pojemnosc',
	step_free: 'bez_schodow',
	amenities: 'udogodnienia',
	availability: 'dostepnosc',
	opening_hours: 'godziny',
	owner_org: 'wlasciciel'
};

/** The changed fields of an updated row as the file names them (CSV columns, GeoJSON properties). */
export function changedColumns(fields: readonly string[], format: ImportFormat): string {
	return fields
		.map((f) => (format === 'csv' ? CSV_COLUMN[f] : f === 'point' ? 'geometry' : f) ?? f)
		.join(', ');
}

/** Rows rejected, counted once each however many fields are wrong. */
export function rejectedRowCount(report: Pick<ImportReport, 'rejected'>): number {
	return new Set(report.rejected.map((r) => r.row)).size;
}

/** Messages for the codes private resources_import returns for rows it refused. */
export function dbRejection(code: string): string {
	if (code === 'outside') return m.res_err_outside();
	if (code === 'unknown_category') return m.res_err_category();
	if (code === 'duplicate_existing') return m.res_imp_duplicate_existing();
	if (code === 'unknown_id') return m.csv_imp_unknown_id();
	return m.res_imp_db_invalid();
}
