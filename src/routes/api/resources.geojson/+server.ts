import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { badRequest, isInvalidParameter, openData } from '$lib/server/http/responses';
import { parseQuery, Slug } from '$lib/server/http/params';
import { resourcesGeojson } from '$lib/server/region/queries';

const Query = v.object({ category: v.optional(Slug), village: v.optional(Slug) });

/** Published resources only (RLS), filtered by ?category= and ?village= (slugs). */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const params = parseQuery(url, Query);
	if (!params.ok) return badRequest(params.error);
	const { category = null, village = null } = params.value;
	try {
		const body = await locals.db((tx) => resourcesGeojson(tx, locals.region, category, village));
		return openData(request, body, 'application/geo+json; charset=utf-8');
	} catch (e) {
		if (isInvalidParameter(e)) return badRequest(e.message);
		throw e;
	}
};
