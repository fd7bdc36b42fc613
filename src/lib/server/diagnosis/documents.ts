import { error, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { EXCEL_CSV_QUERY } from '$lib/csv';
import * as m from '$lib/paraglide/messages';
import { download, serveDocument } from '../cache/documents.ts';
import { CSV_TYPE, csvDialect, csvFileName } from '../csv.ts';
import { pageSize } from '../http/page-size.ts';
import { IntegerText, NeedRef, parseQuery } from '../http/params.ts';
import { badRequest } from '../http/responses.ts';
import { diagnosisCsv } from './csv.ts';
import { diagnosisGeojson } from './geojson.ts';
import { can } from '../auth/permissions.ts';
import { loadDiagnosis } from './load.ts';
import { diagnosisPdf } from './pdf.ts';
import { diagnosisDocx } from './docx.ts';
import { diagnosisFeatures } from './queries.ts';
import { parseScope, scopeSlug } from './scope.ts';

export type DiagnosisFormat = 'pdf' | 'docx' | 'csv' | 'geojson';

/** The GeoJSON's paging: `limit` needs per page (default 1000), continued with `after` = `next_after`. */
const GeojsonQuery = v.object({
	limit: v.optional(IntegerText(1, 10000, 'must be a whole number from 1 to 10000')),
	after: v.optional(NeedRef)
});

const TYPES: Record<DiagnosisFormat, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	csv: CSV_TYPE,
	geojson: 'application/geo+json; charset=utf-8'
};

/**
 * GET /api/diagnoza/<slug>.<format>: the diagnosis as a download, made once per state of the
 * data, language and audience and then served from the document cache (../cache/documents.ts).
 * The staff copy (it may hold a draft narrative) is never stored by shared caches. The CSV comes
 * in two dialects (`?sep=semicolon` for Excel, ../csv.ts), cached apart.
 */
export async function diagnosisDownload(
	event: Pick<RequestEvent, 'locals' | 'request'>,
	slug: string,
	format: DiagnosisFormat
): Promise<Response> {
	const scope = parseScope(slug);
	if (!scope) error(404, m.diag_not_found({ slug }));
	const url = new URL(event.request.url);
	const dialect = format === 'csv' ? csvDialect(url) : 'comma';
	// The GeoJSON comes in pages of needs (`limit`, `after`), each cached on its own.
	let page = { limit: 0, after: null as string | null };
	let query = dialect === 'semicolon' ? `?${EXCEL_CSV_QUERY}` : '';
	if (format === 'geojson') {
		const params = parseQuery(url, GeojsonQuery);
		if (!params.ok) return badRequest(params.error);
		page = { limit: await pageSize(params.value.limit), after: params.value.after ?? null };
		query = `?limit=${page.limit}${page.after ? `&after=${page.after}` : ''}`;
	}
	return serveDocument(event, {
		path: `diagnoza/${scopeSlug(scope)}.${format}${query}`,
		staff: can(event.locals.user, 'see_exact_figures'),
		generate: async () => {
			const { locals } = event;
			if (format === 'geojson' && page.after) {
				// A later page: needs only, without the figures (they come with the first page).
				const features = await locals.db((tx) => diagnosisFeatures(tx, locals.region, scope, page));
				if (!features) error(404, m.diag_not_found({ slug }));
				const name = `diagnoza-${scopeSlug(scope)}.geojson`;
				return download(JSON.stringify(diagnosisGeojson(null, features)), TYPES.geojson, name);
			}
			const { doc, staff } = await loadDiagnosis(event, slug);
			const base = `diagnoza-${doc.scope.slug}`;
			const name = `${base}.${format}`;
			if (format === 'pdf') return download(await diagnosisPdf(doc, staff), TYPES.pdf, name);
			if (format === 'docx') return download(await diagnosisDocx(doc, staff), TYPES.docx, name);
			if (format === 'csv')
				return download(diagnosisCsv(doc, dialect), TYPES.csv, csvFileName(base, dialect));
			const features = await locals.db((tx) => diagnosisFeatures(tx, locals.region, scope, page));
			if (!features) error(404, m.diag_not_found({ slug }));
			return download(JSON.stringify(diagnosisGeojson(doc, features)), TYPES.geojson, name);
		}
	});
}
