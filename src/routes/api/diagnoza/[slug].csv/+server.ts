import type { RequestHandler } from './$types';
import { diagnosisCsv } from '$lib/server/diagnosis/csv';
import { loadDiagnosis } from '$lib/server/diagnosis/load';
import { exportHeaders } from '$lib/server/diagnosis/headers';

/** GET /api/diagnoza/:slug.csv (issue #5, item 3): the figures, one row per figure. */
export const GET: RequestHandler = async (event) => {
	const { doc, staff } = await loadDiagnosis(event, event.params.slug);
	return new Response(diagnosisCsv(doc), {
		headers: exportHeaders('text/csv; charset=utf-8', `diagnoza-${doc.scope.slug}.csv`, staff)
	});
};
