import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { getEnv } from '../db/index.ts';
import { value } from '../db/value.ts';
import { isPhotoKey, photoStore, type PhotoArea } from './store.ts';

/** The RLS check of each area: true only when the requester may read the photo's row. */
const VISIBLE: Record<PhotoArea, string> = {
	needs: 'select public.photo_visible($1) as v',
	resources: 'select public.resource_photo_visible($1) as v'
};

/**
 * Answers a photo request `/<area>/<year>/<file>` with the stored JPEG, only when the key is
 * one the server makes and RLS lets the requester see its row; anything else is the same 404,
 * so a hidden photo and a missing one look alike. `cacheControl` follows who may see the photo
 * (RFC 9111 §5.2.2): `public` only where anyone may.
 */
export async function servePhoto(
	locals: App.Locals,
	area: PhotoArea,
	params: { year: string; file: string },
	cacheControl: string
): Promise<Response> {
	const key = `${area}/${params.year}/${params.file}`;
	if (!isPhotoKey(key)) error(404, m.api_photo_not_found());
	const visible = await locals.db((tx) => value<boolean>(tx, VISIBLE[area], [key]));
	if (!visible) error(404, m.api_photo_not_found());
	const data = await photoStore(getEnv()).get(key);
	if (!data) error(404, m.api_photo_not_found());
	return new Response(new Uint8Array(data), {
		headers: {
			'content-type': 'image/jpeg',
			'cache-control': cacheControl,
			'x-content-type-options': 'nosniff'
		}
	});
}
