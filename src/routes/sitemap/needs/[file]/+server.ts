import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { needPages, needsFileBits, serveSitemap, sitemapXml } from '$lib/server/needs/sitemap';
import { sitemapEntries, sitemapNeeds } from '$lib/server/needs/page';

/**
 * Sitemap file /sitemap/needs/<n>.xml of the public needs, as the sitemap index lists them: the needs whose id falls
 * in range n of 2^bits, bits following today's number of public needs. A number beyond the
 * index's last file is 404 (the index is fetched again to find the new files).
 */
export const GET: RequestHandler = async (event) => {
	const n = /^(\d{1,7})\.xml$/.exec(event.params.file);
	if (!n) error(404, m.scale_sitemap_file_not_found());
	const index = Number(n[1]);
	const bits = await event.locals.db(async (tx) =>
		needsFileBits((await sitemapEntries(tx, event.locals.region)).needs_count)
	);
	if (index >= 2 ** bits) error(404, m.scale_sitemap_file_not_found());
	return serveSitemap(event, `sitemap/needs/${index}-of-${2 ** bits}.xml`, async (tx) =>
		sitemapXml(
			event.url.origin,
			needPages(await sitemapNeeds(tx, event.locals.region, bits, index))
		)
	);
};
