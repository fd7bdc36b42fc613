import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { requirePermission } from '$lib/server/auth/permissions';
import { getEnv } from '$lib/server/db';
import { photoStore } from '$lib/server/reports/storage';

/**
 * Photos for moderation: staff also see photos of unpublished needs and hidden ones,
 * which the public /media route never serves. RLS on need_photos still decides; the answer is
 * never stored by shared caches.
 */
export const GET: RequestHandler = async (event) => {
	requirePermission(event, 'read_panel');
	const key = `needs/${event.params.year}/${event.params.file}`;
	const visible = await event.locals.db(async (tx) => {
		const rows = await tx.query<{ v: boolean }>('select public.photo_visible($1) as v', [key]);
		return rows[0].v;
	});
	if (!visible) error(404, m.api_photo_not_found());
	const data = await photoStore(getEnv()).get(key);
	if (!data) error(404, m.api_photo_not_found());
	return new Response(new Uint8Array(data), {
		headers: {
			'content-type': 'image/jpeg',
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
