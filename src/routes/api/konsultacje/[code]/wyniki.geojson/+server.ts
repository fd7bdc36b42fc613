import type { RequestHandler } from './$types';
import { resultsDownload } from '$lib/server/live/results';

/** The frozen answers of a closed consultation as GeoJSON. */
export const GET: RequestHandler = (event) => resultsDownload(event, 'geojson');
