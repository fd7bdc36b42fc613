import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { SECRET_LINK_HEADERS } from '$lib/server/http/headers';
import { getEnv } from '$lib/server/db';
import { photoStore } from '$lib/server/photos/store';
import { ownPhotoKey } from '$lib/server/reports/status';

/**
 * The reporter's own photo through their private status link, also before publication, so they
 * know it arrived. The unguessable token is the only key: without it the photo of an
 * unpublished need is served to nobody (the public /media route checks RLS). Never stored by
 * shared caches, never indexed (RFC 9111 §5.2.2.3 private, no-store).
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const key = await locals.db((tx) => ownPhotoKey(tx, params.token));
	if (!key) error(404, m.api_photo_not_found());
	const data = await photoStore(getEnv()).get(key);
	if (!data) error(404, m.api_photo_not_found());
	return new Response(new Uint8Array(data), {
		headers: {
			...SECRET_LINK_HEADERS,
			'content-type': 'image/jpeg',
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'no-referrer'
		}
	});
};
