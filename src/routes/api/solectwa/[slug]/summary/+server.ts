import * as v from 'valibot';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { badRequest, openData } from '$lib/server/http/responses';
import { parseQuery, Slug } from '$lib/server/http/params';
import { solectwoSummaryText } from '$lib/server/planning/queries';

/**
 * The village summary summed over a sołectwo's villages; activities serving
 * several of them count once. Runs as anon: published items only (RLS).
 */
export const GET: RequestHandler = async ({ params, url, request, locals }) => {
	const query = parseQuery(url, v.object({}));
	if (!query.ok) return badRequest(query.error);
	const slug = v.safeParse(Slug, params.slug);
	if (!slug.success) return badRequest(`solectwo ${slug.issues[0].message}`);
	const body = await locals.db((tx) => solectwoSummaryText(tx, locals.region, slug.output));
	if (body === null) {
		return json(
			{ error: `unknown solectwo: ${slug.output}` },
			{ status: 404, headers: { 'access-control-allow-origin': '*' } }
		);
	}
	return openData(request, body, 'application/json; charset=utf-8');
};
