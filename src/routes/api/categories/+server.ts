import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { badRequest, openData } from '$lib/server/http/responses';
import { parseQuery } from '$lib/server/http/params';
import { categories } from '$lib/server/region/queries';

/** Need and resource categories with Polish and English labels (slugs are the API values). */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const params = parseQuery(url, v.object({}));
	if (!params.ok) return badRequest(params.error);
	const body = await locals.db((tx) => categories(tx));
	return openData(request, JSON.stringify(body), 'application/json; charset=utf-8');
};
