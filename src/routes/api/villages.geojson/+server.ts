import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { badRequest, openData } from '$lib/server/http/responses';
import { parseQuery } from '$lib/server/http/params';
import { villagesGeojson } from '$lib/server/region/queries';

/** One feature per locality: approximate area, label point and counts. */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const params = parseQuery(url, v.object({}));
	if (!params.ok) return badRequest(params.error);
	const body = await locals.db((tx) => villagesGeojson(tx, locals.region));
	return openData(request, body, 'application/geo+json; charset=utf-8');
};
