import type { RequestHandler } from './$types';
import { loadResults, resultsFileName, resultsPdf } from '$lib/server/live/results';

/** The frozen results of a closed consultation as an A4 PDF for the minutes (issue #5). */
export const GET: RequestHandler = async (event) => {
	const results = await loadResults(event);
	const pdf = await resultsPdf(results);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${resultsFileName(results, 'pdf')}"`,
			'cache-control': results.exact ? 'private, no-store' : 'public, max-age=60'
		}
	});
};
