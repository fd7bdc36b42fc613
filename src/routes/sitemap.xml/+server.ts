import type { RequestHandler } from './$types';
import { sitemapXml } from '$lib/server/needs/sitemap';
import { sitemapEntries } from '$lib/server/needs/page';

/**
 * sitemap.xml (https://www.sitemaps.org/protocol.html) with the public pages: the fixed ones,
 * every public need, published activity, and the diagnosis of every village, sołectwo and the
 * gmina, each in Polish with its English version as an alternate. Read as anon under RLS, so
 * nothing unpublished can be listed.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	const entries = await locals.db((tx) => sitemapEntries(tx, locals.region));
	return new Response(sitemapXml(url.origin, entries), {
		headers: {
			'content-type': 'application/xml; charset=utf-8',
			'cache-control': 'public, max-age=600'
		}
	});
};
