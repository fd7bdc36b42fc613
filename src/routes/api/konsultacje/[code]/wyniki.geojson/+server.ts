import type { RequestHandler } from './$types';
import { loadResults, resultsFileName, resultsGeojson } from '$lib/server/live/results';

/** The frozen answers of a closed consultation as GeoJSON. */
export const GET: RequestHandler = async (event) => {
	const results = await loadResults(event);
	return new Response(resultsGeojson(results), {
		headers: {
			'content-type': 'application/geo+json; charset=utf-8',
			'content-disposition': `attachment; filename="${resultsFileName(results, 'geojson')}"`,
			'access-control-allow-origin': '*',
			'cache-control': results.exact ? 'private, no-store' : 'public, max-age=60'
		}
	});
};
