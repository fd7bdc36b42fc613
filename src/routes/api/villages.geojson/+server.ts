import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { badRequest, openData } from '$lib/server/http';
import { parseQuery } from '$lib/server/params';
import { villagesGeojson } from '$lib/server/queries';

/** One feature per locality: approximate area, label point and counts. */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const params = parseQuery(url, v.object({}));
	if (!params.ok) return badRequest(params.error);
	const body = await locals.db((tx) => villagesGeojson(tx, locals.region));
	return openData(request, body, 'application/geo+json; charset=utf-8');
};
