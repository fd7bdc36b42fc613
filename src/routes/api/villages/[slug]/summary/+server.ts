import * as v from 'valibot';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { badRequest, openData } from '$lib/server/http/responses';
import { parseQuery, Slug } from '$lib/server/http/params';
import { villageSummaryText } from '$lib/server/planning/queries';

/**
 * Counts for one village: needs and resources by category, planned and done
 * activities. Runs as anon, so only published items count (RLS).
 */
export const GET: RequestHandler = async ({ params, url, request, locals }) => {
	const query = parseQuery(url, v.object({}));
	if (!query.ok) return badRequest(query.error);
	const slug = v.safeParse(Slug, params.slug);
	if (!slug.success) return badRequest(`village ${slug.issues[0].message}`);
	const body = await locals.db((tx) => villageSummaryText(tx, locals.region, slug.output));
	if (body === null) {
		return json(
			{ error: `unknown village: ${slug.output}` },
			{ status: 404, headers: { 'access-control-allow-origin': '*' } }
		);
	}
	return openData(request, body, 'application/json; charset=utf-8');
};
