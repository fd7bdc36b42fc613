import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDate } from '$lib/presentation/format';
import type { FundAllocation, FundSolectwo, VillageFund } from '$lib/fund/types';
import { can } from '../auth/permissions.ts';
import { download, serveDocument } from '../cache/documents.ts';
import { renderDocx } from '../docx/writer.ts';
import { renderPdf } from '../pdf/document.ts';
import { applicationTitle, writeApplication } from './content.ts';
import { parseFundYear, SOLECTWO_SLUG } from './params.ts';
import { villageFund } from './queries.ts';

export type FundFormat = 'pdf' | 'docx';

const TYPES: Record<FundFormat, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

/** The fund, the sołectwo and its allocation of a year, or 404 (also while the fund is off). */
export async function loadApplication(
	event: Pick<RequestEvent, 'locals'>,
	yearParam: string,
	slug: string
): Promise<{ fund: VillageFund; solectwo: FundSolectwo; allocation: FundAllocation }> {
	const year = parseFundYear(yearParam);
	if (year === null || !SOLECTWO_SLUG.test(slug)) error(404, m.fund_not_found());
	const { locals } = event;
	const fund = await locals.db((tx) => villageFund(tx, locals.region, year, slug));
	const solectwo = fund?.solectwa[0];
	if (!fund || !solectwo?.allocation) error(404, m.fund_not_found());
	return { fund, solectwo, allocation: solectwo.allocation };
}

/**
 * GET /api/fundusz/<rok>/<sołectwo>.<pdf|docx>: the sołectwo's application, made once per state
 * of the data, language and audience and then served from the document cache. Staff may see
 * draft proposals in it, so their copy is kept apart and never stored by shared caches.
 */
export function applicationDownload(
	event: Pick<RequestEvent, 'locals' | 'request'>,
	yearParam: string,
	slug: string,
	format: FundFormat
): Promise<Response> {
	return serveDocument(event, {
		path: `fundusz/${yearParam}/${slug}.${format}`,
		staff: can(event.locals.user, 'read_panel'),
		generate: async () => {
			const { fund, solectwo, allocation } = await loadApplication(event, yearParam, slug);
			const meta = {
				title: applicationTitle(fund, solectwo),
				lang: getLocale(),
				footer: m.fund_doc_footer({ date: formatDate(new Date().toISOString().slice(0, 10)) })
			};
			const name = `wniosek-fundusz-solecki-${fund.year}-${solectwo.slug}.${format}`;
			const draw = (out: Parameters<typeof writeApplication>[0]) =>
				writeApplication(out, fund, solectwo, allocation);
			if (format === 'pdf') return download(await renderPdf(meta, draw), TYPES.pdf, name);
			return download(await renderDocx(meta, draw), TYPES.docx, name);
		}
	});
}
