import { error, type RequestEvent } from '@sveltejs/kit';
import { EXCEL_CSV_QUERY } from '$lib/csv';
import * as m from '$lib/paraglide/messages';
import { download, serveDocument } from '../cache/documents.ts';
import { CSV_TYPE, csvDialect, csvFileName } from '../csv.ts';
import { diagnosisCsv } from './csv.ts';
import { diagnosisGeojson } from './geojson.ts';
import { can } from '../auth/permissions.ts';
import { loadDiagnosis } from './load.ts';
import { diagnosisPdf } from './pdf.ts';
import { diagnosisDocx } from './docx.ts';
import { diagnosisFeatures } from './queries.ts';
import { parseScope, scopeSlug } from './scope.ts';

export type DiagnosisFormat = 'pdf' | 'docx' | 'csv' | 'geojson';

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
export function diagnosisDownload(
	event: Pick<RequestEvent, 'locals' | 'request'>,
	slug: string,
	format: DiagnosisFormat
): Promise<Response> {
	const scope = parseScope(slug);
	if (!scope) error(404, m.diag_not_found({ slug }));
	const dialect = format === 'csv' ? csvDialect(new URL(event.request.url)) : 'comma';
	return serveDocument(event, {
		path: `diagnoza/${scopeSlug(scope)}.${format}${dialect === 'semicolon' ? `?${EXCEL_CSV_QUERY}` : ''}`,
		staff: can(event.locals.user, 'see_exact_figures'),
		generate: async () => {
			const { doc, staff } = await loadDiagnosis(event, slug);
			const base = `diagnoza-${doc.scope.slug}`;
			const name = `${base}.${format}`;
			if (format === 'pdf') return download(await diagnosisPdf(doc, staff), TYPES.pdf, name);
			if (format === 'docx') return download(await diagnosisDocx(doc, staff), TYPES.docx, name);
			if (format === 'csv')
				return download(diagnosisCsv(doc, dialect), TYPES.csv, csvFileName(base, dialect));
			const { locals } = event;
			const features = await locals.db((tx) => diagnosisFeatures(tx, locals.region, scope));
			if (!features) error(404, m.diag_not_found({ slug }));
			return download(JSON.stringify(diagnosisGeojson(doc, features)), TYPES.geojson, name);
		}
	});
}
