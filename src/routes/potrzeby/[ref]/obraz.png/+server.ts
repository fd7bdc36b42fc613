import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { serveDocument } from '$lib/server/cache/documents';
import { needPage, parseNeedRef } from '$lib/server/needs/page';
import { needShareImage } from '$lib/server/needs/share';

/**
 * The share image of a public need (og:image): a 1200×630 PNG with its title, village and a
 * small map of the point. Made once per state of the region's data and kept in the document
 * cache; its ETag comes from the data version, so a changed need gets a new image and an
 * unchanged one answers 304. A need that is not public has no image (404).
 */
export const GET: RequestHandler = async (event) => {
	const ref = parseNeedRef(event.params.ref);
	if (!ref) error(404, m.need_page_not_found());
	const need = await event.locals.db((tx) => needPage(tx, event.locals.region, ref));
	if (!need) error(404, m.need_page_not_found());
	return serveDocument(event, {
		path: `potrzeby/${need.ref}/obraz.png`,
		staff: false,
		generate: async () => ({
			body: await needShareImage(need),
			headers: { 'content-type': 'image/png' }
		})
	});
};
