import type { RequestHandler } from './$types';
import { otherPages, serveSitemap, sitemapXml } from '$lib/server/needs/sitemap';
import { sitemapEntries } from '$lib/server/needs/page';

/** The sitemap file of the pages besides the needs (fixed pages, activities, diagnoses). */
export const GET: RequestHandler = (event) =>
	serveSitemap(event, 'sitemap/pages.xml', async (tx) =>
		sitemapXml(event.url.origin, otherPages(await sitemapEntries(tx, event.locals.region)))
	);
