import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatWhen } from '$lib/live/time';
import { normalizeCode, type Consultation, type ConsultationSnapshot } from '$lib/live/types';
import { suppressCount } from '$lib/suppress';
import { can } from '../auth/permissions.ts';
import { download, serveDocument } from '../cache/documents.ts';
import {
	CSV_TYPE,
	csvDialect,
	csvFileName,
	writeCsv,
	type CsvCell,
	type CsvDialect
} from '../csv.ts';
import { readOr404 } from '../http/found.ts';
import { renderPdf } from '../pdf/document.ts';
import { renderDocx } from '../docx/writer.ts';
import type { DocumentWriter } from '../documents/writer.ts';
import { consultationByCode, consultationSnapshot } from './queries.ts';

export interface Results {
	consultation: Consultation;
	snapshot: ConsultationSnapshot;
	/** Whether the viewer is staff (exact figures of non-public data; see $lib/suppress). */
	exact: boolean;
}

/** The frozen results of a closed session (RLS: public once closed); 404 before closing. */
export async function loadResults(event: RequestEvent): Promise<Results> {
	const { locals } = event;
	const found = await readOr404(
		locals,
		normalizeCode(event.params.code ?? ''),
		async (tx, code) => {
			const consultation = await consultationByCode(tx, locals.region, code);
			return consultation && { consultation, snapshot: await consultationSnapshot(tx, code) };
		},
		m.live_not_found()
	);
	if (!found.snapshot) error(404, m.live_results_not_ready());
	return {
		consultation: found.consultation,
		snapshot: found.snapshot,
		exact: can(locals.user, 'see_exact_figures')
	};
}

/** The file name without its extension: "konsultacja-<code>-<day>". */
function resultsBaseName(results: Results): string {
	const day = results.snapshot.taken_at.slice(0, 10);
	return `konsultacja-${results.consultation.code}-${day}`;
}

export function resultsFileName(results: Results, ext: string): string {
	return `${resultsBaseName(results)}.${ext}`;
}

const CSV_COLUMNS = [
	'ref',
	'title',
	'category',
	'category_label',
	'locality',
	'lon',
	'lat',
	'created_at'
];

/**
 * One row per public answer as frozen at closing. Titles are residents' text: writeCsv guards
 * them against spreadsheet formulas; the coordinates are numbers and stay numbers.
 */
export function resultsCsv(results: Results, dialect: CsvDialect = 'comma'): string {
	const data = results.snapshot.answers.features.map((f): CsvCell[] => [
		f.properties.ref ?? '',
		f.properties.title,
		f.properties.category,
		f.properties.category_label,
		f.properties.locality ?? '',
		f.geometry.coordinates[0],
		f.geometry.coordinates[1],
		f.properties.created_at
	]);
	return writeCsv(CSV_COLUMNS, data, dialect);
}

/** The snapshot as GeoJSON, with the session and the date of the snapshot as foreign members. */
export function resultsGeojson(results: Results): string {
	const { consultation: c, snapshot: s } = results;
	return JSON.stringify({
		type: 'FeatureCollection',
		consultation: {
			code: c.code,
			question: c.question,
			starts_at: c.starts_at,
			ends_at: c.ends_at
		},
		taken_at: s.taken_at,
		features: s.answers.features
	});
}

/**
 * GET /api/konsultacje/<code>/wyniki.<csv|geojson>: the frozen answers as a file to save (the
 * GeoJSON readable from any origin, as open data; the CSV also as `?sep=semicolon` for Excel,
 * ../csv.ts). Exact counts go to staff only, and are then never stored by a cache.
 */
export async function resultsDownload(
	event: RequestEvent,
	format: 'csv' | 'geojson'
): Promise<Response> {
	const dialect = format === 'csv' ? csvDialect(event.url) : 'comma';
	const results = await loadResults(event);
	const file =
		format === 'csv'
			? {
					type: CSV_TYPE,
					body: resultsCsv(results, dialect),
					name: csvFileName(resultsBaseName(results), dialect),
					openData: false
				}
			: {
					type: 'application/geo+json; charset=utf-8',
					body: resultsGeojson(results),
					name: resultsFileName(results, format),
					openData: true
				};
	return new Response(file.body, {
		headers: {
			'content-type': file.type,
			'content-disposition': `attachment; filename="${file.name}"`,
			...(file.openData ? { 'access-control-allow-origin': '*' } : {}),
			'cache-control': results.exact ? 'private, no-store' : 'public, max-age=60'
		}
	});
}

/** The results for the minutes of the council session: question, times, counts, answers. */
function resultsMeta(results: Results) {
	const { consultation: c, snapshot: s } = results;
	const locale = getLocale() === 'en' ? 'en' : 'pl';
	return {
		title: m.live_pdf_title({ code: c.code }),
		lang: locale,
		footer: m.live_pdf_footer({ when: formatWhen(s.taken_at, locale), code: c.code })
	};
}

/** The results' blocks, the same in the PDF and the Word file. */
function writeResults(out: DocumentWriter, results: Results): void {
	const { consultation: c, snapshot: s, exact } = results;
	const locale = getLocale() === 'en' ? 'en' : 'pl';
	const when = (iso: string) => formatWhen(iso, locale);
	// The counts are of the session's public answers, listed one by one below: never suppressed.
	const count = (n: number) => suppressCount(n, exact, 'public');
	out.heading(m.live_pdf_title({ code: c.code }), 1);
	out.paragraph(`${m.live_question_label()}: ${c.question}`);
	if (c.area) out.paragraph(m.live_area({ name: c.area.name }));
	out.paragraph(m.live_pdf_window({ from: when(c.starts_at), to: when(c.ends_at) }));
	out.paragraph(m.live_snapshot_taken({ when: when(s.taken_at) }));
	out.paragraph(m.live_snapshot_caption({ total: count(s.total) }));
	out.heading(m.live_pdf_counts(), 2);
	out.table(
		[m.live_col_category(), m.live_col_count()],
		s.counts.map((r) => [locale === 'en' ? r.label_en : r.label, count(r.count)]),
		[0.75, 0.25]
	);
	out.heading(m.live_answers_heading(), 2);
	out.table(
		[m.live_col_ref(), m.live_col_title(), m.live_col_category(), m.live_col_locality()],
		s.answers.features.map((f) => [
			f.properties.ref ?? '',
			f.properties.title,
			locale === 'en' ? f.properties.category_label_en : f.properties.category_label,
			f.properties.locality ?? ''
		]),
		[0.18, 0.42, 0.22, 0.18]
	);
}

export const resultsPdf = (results: Results): Promise<Buffer<ArrayBuffer>> =>
	renderPdf(resultsMeta(results), (pdf) => writeResults(pdf, results));

export const resultsDocx = (results: Results): Promise<Uint8Array<ArrayBuffer>> =>
	renderDocx(resultsMeta(results), (docx) => writeResults(docx, results));

const DOCUMENT_TYPES = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
} as const;

/**
 * GET /api/konsultacje/<code>/wyniki.<pdf|docx>: the results document, made once per state of
 * the data, language and audience and then served from the document cache (../cache/documents.ts).
 */
export function resultsDocumentDownload(
	event: RequestEvent,
	format: keyof typeof DOCUMENT_TYPES
): Promise<Response> {
	const code = normalizeCode(event.params.code ?? '');
	if (!code) error(404, m.live_not_found());
	return serveDocument(event, {
		path: `konsultacje/${code}/wyniki.${format}`,
		staff: can(event.locals.user, 'see_exact_figures'),
		generate: async () => {
			const results = await loadResults(event);
			const body = format === 'pdf' ? await resultsPdf(results) : await resultsDocx(results);
			return download(body, DOCUMENT_TYPES[format], resultsFileName(results, format));
		}
	});
}
