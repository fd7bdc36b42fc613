import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { badRequest, isInvalidParameter, openData } from '$lib/server/http/responses';
import { parseQuery, PublicNeedStatus, Slug } from '$lib/server/http/params';
import { needsGeojson } from '$lib/server/region/queries';

const Query = v.object({
	category: v.optional(Slug),
	village: v.optional(Slug),
	status: v.optional(PublicNeedStatus)
});

/** Published needs only (RLS): never contacts, never unmoderated reports. */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const params = parseQuery(url, Query);
	if (!params.ok) return badRequest(params.error);
	const { category = null, village = null, status = null } = params.value;
	try {
		const body = await locals.db((tx) =>
			needsGeojson(tx, locals.region, { category, village, status })
		);
		return openData(request, body, 'application/geo+json; charset=utf-8');
	} catch (e) {
		if (isInvalidParameter(e)) return badRequest(e.message);
		throw e;
	}
};
