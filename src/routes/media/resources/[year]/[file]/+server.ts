import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { getEnv } from '$lib/server/db';
import { isResourcePhotoKey, resourcePhotoStore } from '$lib/server/resources/photos';

/**
 * Photo of a resource, served only when RLS lets the requester read its row:
 * the public sees photos of published resources, staff also those of drafts.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const key = `resources/${params.year}/${params.file}`;
	if (!isResourcePhotoKey(key)) error(404, m.api_photo_not_found());
	const visible = await locals.db(async (tx) => {
		const rows = await tx.query<{ v: boolean }>('select public.resource_photo_visible($1) as v', [
			key
		]);
		return rows[0].v;
	});
	if (!visible) error(404, m.api_photo_not_found());
	const data = await resourcePhotoStore(getEnv()).get(key);
	if (!data) error(404, m.api_photo_not_found());
	return new Response(new Uint8Array(data), {
		headers: {
			'content-type': 'image/jpeg',
			'cache-control': 'private, max-age=300',
			'x-content-type-options': 'nosniff'
		}
	});
};
