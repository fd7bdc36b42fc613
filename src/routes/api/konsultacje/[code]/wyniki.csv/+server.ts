import type { RequestHandler } from './$types';
import { loadResults, resultsCsv, resultsFileName } from '$lib/server/live/results';

/** The frozen answers of a closed consultation as CSV, e.g. for the meeting's minutes. */
export const GET: RequestHandler = async (event) => {
	const results = await loadResults(event);
	return new Response(resultsCsv(results), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${resultsFileName(results, 'csv')}"`,
			'cache-control': results.exact ? 'private, no-store' : 'public, max-age=60'
		}
	});
};
