import type { RequestHandler } from './$types';
import {
	needPages,
	needsFileBits,
	otherPages,
	serveSitemap,
	sitemapFiles,
	sitemapIndexXml,
	sitemapXml
} from '$lib/server/needs/sitemap';
import { sitemapEntries, sitemapNeeds } from '$lib/server/needs/page';

/**
 * sitemap.xml (https://www.sitemaps.org/protocol.html) with the public pages: the fixed ones,
 * every public need, published activity, and the diagnosis of every village, sołectwo and the
 * gmina, each in Polish with its English version as an alternate. When the needs are too many
 * for one small file it is a sitemap index of /sitemap/pages.xml and /sitemap/needs/<n>.xml
 * instead. Read as anon under RLS, so nothing unpublished can be listed; cached by data version.
 */
export const GET: RequestHandler = (event) =>
	serveSitemap(event, 'sitemap.xml', async (tx) => {
		const { origin } = event.url;
		const entries = await sitemapEntries(tx, event.locals.region);
		const bits = needsFileBits(entries.needs_count);
		if (bits > 0) return sitemapIndexXml(origin, sitemapFiles(bits));
		const needs = await sitemapNeeds(tx, event.locals.region, 0, 0);
		return sitemapXml(origin, [...otherPages(entries), ...needPages(needs)]);
	});
