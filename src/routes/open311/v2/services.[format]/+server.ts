import type { RequestHandler } from './$types';
import { categories } from '$lib/server/region/queries';
import { formatOf, notOpen311, open311Response } from '$lib/server/open311/format';
import { toServices } from '$lib/server/open311/services';

/** GeoReport v2 "GET Service List": the need categories. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const format = formatOf(params.format);
	if (!format) return notOpen311();
	const { need } = await locals.db((tx) => categories(tx));
	return open311Response(format, 'services', toServices(need));
};
