import type { RequestHandler } from './$types';
import { categories } from '$lib/server/region/queries';
import { formatOf, notOpen311, open311Error, open311Response } from '$lib/server/open311/format';
import { serviceDefinition } from '$lib/server/open311/services';

/** GeoReport v2 "GET Service Definition": the attributes a report of this category may carry. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const format = formatOf(params.format);
	if (!format) return notOpen311();
	const { need } = await locals.db((tx) => categories(tx));
	if (!need.some((c) => c.slug === params.code)) {
		return open311Error(format, 404, `service_code: unknown service ${params.code}`);
	}
	return open311Response(format, 'service_definition', serviceDefinition(params.code));
};
