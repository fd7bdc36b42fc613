import type { RequestHandler } from './$types';
import { diagnosisPdf } from '$lib/server/diagnosis/pdf';
import { loadDiagnosis } from '$lib/server/diagnosis/load';
import { exportHeaders } from '$lib/server/diagnosis/headers';

/** GET /api/diagnoza/:slug.pdf (issue #5, item 3): the diagnosis as an A4 PDF, in the URL's language. */
export const GET: RequestHandler = async (event) => {
	const { doc, staff } = await loadDiagnosis(event, event.params.slug);
	const pdf = await diagnosisPdf(doc, staff);
	return new Response(new Uint8Array(pdf), {
		headers: exportHeaders('application/pdf', `diagnoza-${doc.scope.slug}.pdf`, staff)
	});
};
