import type { RequestHandler } from './$types';
import { NO_QUERY, openDataGet } from '$lib/server/http/open-data';
import { villagesGeojson } from '$lib/server/region/queries';

/** One feature per locality: approximate area, label point and counts. */
export const GET: RequestHandler = openDataGet(NO_QUERY, 'geojson', villagesGeojson);
