import * as v from 'valibot';
import { json, type RequestHandler } from '@sveltejs/kit';
import type { Tx } from '../db/types.ts';
import { parseQuery, Slug } from './params.ts';
import { badRequest, openData } from './responses.ts';

/**
 * The GET handler of an area's summary (`/api/villages/:slug/summary`,
 * `/api/solectwa/:slug/summary`): no query parameters, a slug, and the JSON text `read` returns,
 * passed through as open data; an unknown slug is a 404 that names it. Runs as the requester, so
 * RLS decides what is counted (the public: published items only).
 */
export function areaSummary(
	area: 'village' | 'solectwo',
	read: (tx: Tx, region: string, slug: string) => Promise<string | null>
): RequestHandler<{ slug: string }> {
	return async ({ params, url, request, locals }) => {
		const query = parseQuery(url, v.object({}));
		if (!query.ok) return badRequest(query.error);
		const slug = v.safeParse(Slug, params.slug);
		if (!slug.success) return badRequest(`${area} ${slug.issues[0].message}`);
		const body = await locals.db((tx) => read(tx, locals.region, slug.output));
		if (body === null) {
			return json(
				{ error: `unknown ${area}: ${slug.output}` },
				{ status: 404, headers: { 'access-control-allow-origin': '*' } }
			);
		}
		return openData(request, body, 'application/json; charset=utf-8');
	};
}
