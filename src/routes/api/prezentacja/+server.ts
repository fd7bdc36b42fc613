import * as v from 'valibot';
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { can } from '$lib/server/auth/permissions';
import { badRequest, isInvalidParameter, openData } from '$lib/server/http/responses';
import { parseQuery, Slug } from '$lib/server/http/params';
import { presentationData } from '$lib/server/presentation/data';

/**
 * The figures of presentation mode, one entry per village in slide order.
 * Every figure counts public items, so everyone gets exact counts ($lib/suppress); the staff
 * response is still never cached by shared caches.
 */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const query = parseQuery(url, v.object({ kategoria: v.optional(Slug, 'swietlica') }));
	if (!query.ok) return badRequest(query.error);
	const exact = can(locals.user, 'see_exact_figures');
	try {
		const data = await locals.db((tx) =>
			presentationData(tx, locals.region, query.value.kategoria, exact)
		);
		if (exact) return json(data, { headers: { 'cache-control': 'private, no-store' } });
		return openData(request, JSON.stringify(data), 'application/json; charset=utf-8');
	} catch (e) {
		if (isInvalidParameter(e)) return badRequest(e.message);
		throw e;
	}
};
