import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { getEnv } from '$lib/server/db';
import { photoStore } from '$lib/server/reports/storage';

/**
 * Serves a re-encoded photo only when RLS lets the requester see its row: photos of unpublished
 * or hidden needs are never exposed.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const key = `needs/${params.year}/${params.file}`;
	const visible = await locals.db(async (tx) => {
		const rows = await tx.query<{ v: boolean }>('select public.photo_visible($1) as v', [key]);
		return rows[0].v;
	});
	if (!visible) error(404, m.api_photo_not_found());
	const data = await photoStore(getEnv()).get(key);
	if (!data) error(404, m.api_photo_not_found());
	return new Response(new Uint8Array(data), {
		headers: {
			'content-type': 'image/jpeg',
			'cache-control': 'public, max-age=300',
			'x-content-type-options': 'nosniff'
		}
	});
};
