import Papa from 'papaparse';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import * as m from '$lib/paraglide/messages';
import type { Category } from '$lib/types';
import { unguardCell } from '../csv.ts';
import { fold, validateResource, type ResourceInput } from './fields.ts';
import type { ResourceStatus } from '../../vocab/resource-status.ts';

/**
 * Import of the resource register from CSV or GeoJSON. A pure function: the
 * file's text in, every row either accepted or rejected with its number, field and a Polish
 * reason out. Nothing is dropped silently; the database checks the accepted rows once more.
 */
export type ImportFormat = 'csv' | 'geojson';
export const MAX_ROWS = 2000;

export interface AcceptedRow extends ResourceInput {
	/** CSV: spreadsheet row (the header is row 1). GeoJSON: feature number from 1. */
	row: number;
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
	/** Status given to rows that name none. */
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
	status: 'status'
};
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
		else if (header.trim() !== '') ignored.add(header.trim());
	}
	return out;
}

/**
 * Rows of a CSV text with their spreadsheet row numbers, or a whole-file error. Every cell loses
 * one leading apostrophe, which undoes the export's guard against spreadsheet formulas (see
 * ../csv.ts) — and, as in a spreadsheet, an apostrophe typed first marks the cell as text.
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
		if (mapped.status === undefined && context.defaultStatus) mapped.status = context.defaultStatus;
		const checked = validateResource(mapped, context.categories);
		if (!checked.ok) {
			for (const [field, message] of Object.entries(checked.errors)) {
				report.rejected.push({ row, field, message });
			}
			continue;
		}
		const value = checked.value;
		if (context.boundary && !booleanPointInPolygon([value.lon, value.lat], context.boundary)) {
			report.rejected.push({ row, field: 'lon', message: m.res_err_outside() });
			continue;
		}
		const key = [fold(value.name), value.category, value.lon.toFixed(5), value.lat.toFixed(5)].join(
			'|'
		);
		const first = seen.get(key);
		if (first !== undefined) {
			report.rejected.push({ row, field: 'name', message: m.res_imp_duplicate({ row: first }) });
			continue;
		}
		seen.set(key, row);
		report.accepted.push({ row, ...value });
	}
	report.ignoredColumns = [...ignored];
	return report;
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
	return m.res_imp_db_invalid();
}
