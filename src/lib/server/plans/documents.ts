import type { RequestEvent } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { planTitle, reportTitle } from '$lib/plans/text';
import { can } from '../auth/permissions.ts';
import { download, serveDocument } from '../cache/documents.ts';
import { scopeSlug } from '../diagnosis/scope.ts';
import { renderDocx } from '../docx/writer.ts';
import { renderPdf } from '../pdf/document.ts';
import { writePlan, writeReport } from './content.ts';
import { loadPlan, loadPlanWithDiagnosis, parsePlanParams } from './load.ts';
import * as m from '$lib/paraglide/messages';

export type PlanFormat = 'pdf' | 'docx';
export type PlanPart = 'plan' | 'report';

const TYPES: Record<PlanFormat, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

/**
 * GET /api/plany/<rok>/<obszar>.<pdf|docx> (the plan) and …/<obszar>/sprawozdanie.<pdf|docx>
 * (its yearly report): one document, written once (content.ts) for both formats, made once per
 * state of the data, language and audience (the document cache). The staff copy may hold drafts
 * and is never stored by shared caches.
 */
export function planDownload(
	event: Pick<RequestEvent, 'locals' | 'request'>,
	rok: string,
	obszar: string,
	part: PlanPart,
	format: PlanFormat
): Promise<Response> {
	const { year, scope } = parsePlanParams(rok, obszar);
	const slug = scopeSlug(scope);
	const path = `plany/${year}/${slug}${part === 'report' ? '/sprawozdanie' : ''}.${format}`;
	return serveDocument(event, {
		path,
		staff: can(event.locals.user, 'see_exact_figures'),
		generate: async () => {
			// Links in the documents are absolute: a printed or e-mailed file has no page around it.
			const origin = new URL(event.request.url).origin;
			const { doc, diagnosis } =
				part === 'plan'
					? await loadPlanWithDiagnosis(event, rok, obszar)
					: { ...(await loadPlan(event, rok, obszar, part)), diagnosis: null };
			const title = part === 'plan' ? planTitle(doc) : reportTitle(doc);
			const meta = { title, lang: getLocale(), footer: m.plans_footer({ title }) };
			const write = (out: Parameters<typeof writeReport>[0]) =>
				diagnosis ? writePlan(out, doc, diagnosis, origin) : writeReport(out, doc, origin);
			const name = `${part === 'plan' ? 'plan' : 'sprawozdanie'}-${year}-${slug}.${format}`;
			const body = format === 'pdf' ? await renderPdf(meta, write) : await renderDocx(meta, write);
			return download(body, TYPES[format], name);
		}
	});
}
