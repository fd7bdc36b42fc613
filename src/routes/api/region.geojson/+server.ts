import * as v from 'valibot';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { badRequest, openData } from '$lib/server/http/responses';
import { parseQuery } from '$lib/server/http/params';
import { regionGeojson } from '$lib/server/region/queries';

/** The gmina boundary (PRG) as one GeoJSON feature. */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const params = parseQuery(url, v.object({}));
	if (!params.ok) return badRequest(params.error);
	const body = await locals.db((tx) => regionGeojson(tx, locals.region));
	if (!body) error(404, 'region not loaded');
	return openData(request, body, 'application/geo+json; charset=utf-8');
};
