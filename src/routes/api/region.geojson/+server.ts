import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { NO_QUERY, openDataGet } from '$lib/server/http/open-data';
import { regionGeojson } from '$lib/server/region/queries';

/** The gmina boundary (PRG) as one GeoJSON feature. */
export const GET: RequestHandler = openDataGet(
	NO_QUERY,
	'geojson',
	async (tx, region) => (await regionGeojson(tx, region)) ?? error(404, 'region not loaded')
);
