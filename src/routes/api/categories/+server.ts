import type { RequestHandler } from './$types';
import { NO_QUERY, openDataGet } from '$lib/server/http/open-data';
import { categories } from '$lib/server/region/queries';

/** Need and resource categories with Polish and English labels (slugs are the API values). */
export const GET: RequestHandler = openDataGet(NO_QUERY, 'json', async (tx) =>
	JSON.stringify(await categories(tx))
);
