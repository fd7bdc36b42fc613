import type { RequestEvent } from '@sveltejs/kit';
import type { Pathname } from '$app/types';
import { fileRoute, route } from '$lib/routes';
import { serveDocument } from '../cache/documents.ts';
import type { Tx } from '../db/types.ts';
import type { SitemapEntries, SitemapNeed } from './page.ts';

// sitemap.xml (https://www.sitemaps.org/protocol.html). A file may hold at most 50,000 URLs and
// 50 MB; each page is listed twice (Polish and English). A region with few public needs gets one
// file; a larger one gets a sitemap index pointing at /sitemap/pages.xml (the fixed pages,
// activities and diagnoses) and /sitemap/needs/<n>.xml, each a bounded share of the needs, so
// no request reads or writes more than a few thousand of them whatever their number.

/**
 * Needs per file of the index, on average: 10,000 URLs, a few MB, and a database read of a few
 * thousand rows. The ids are random, so a file's share stays near this (far below 25,000 needs,
 * the protocol's 50,000 URLs).
 */
export const NEEDS_PER_FILE = 5000;
/** At most 2^20 files: 5 billion needs, far beyond any region. */
const MAX_BITS = 20;

/** How many leading bits of the id split the needs into files: 0 (one file) up to MAX_BITS. */
export function needsFileBits(needsCount: number): number {
	if (needsCount <= NEEDS_PER_FILE) return 0;
	return Math.min(MAX_BITS, Math.ceil(Math.log2(needsCount / NEEDS_PER_FILE)));
}

/** The fixed public pages that exist whatever the data: the map, lists (the plans' list links every
 * published plan and report), forms and legal pages. */
const FIXED: Pathname[] = [
	'/',
	'/zglos',
	'/dzialania',
	'/siec',
	'/plany',
	'/diagnoza',
	'/prezentacja',
	'/deklaracja-dostepnosci',
	'/rodo',
	'/zasady-moderacji'
];

export interface SitemapPage {
	path: Pathname;
	lastmod?: string;
}

/** The pages besides the needs: fixed pages, published activities, every diagnosis. */
export function otherPages(entries: SitemapEntries): SitemapPage[] {
	return [
		...FIXED.map((path) => ({ path })),
		...entries.activities.map((a) => ({ path: `/dzialania/${a.id}` as Pathname })),
		{ path: '/diagnoza/gmina' },
		...entries.villages.map((slug) => ({ path: `/diagnoza/${slug}` as Pathname })),
		...entries.solectwa.map((slug) => ({ path: `/diagnoza/solectwo-${slug}` as Pathname }))
	];
}

/** The pages of public needs, with the day of their last change. */
export const needPages = (needs: SitemapNeed[]): SitemapPage[] =>
	needs.map((n) => ({
		path: `/potrzeby/${n.ref}` as Pathname,
		lastmod: new Date(n.updated_at).toISOString().slice(0, 10)
	}));

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/**
 * A sitemap file: one <url> per page in Polish, its English version named with
 * xhtml:link rel="alternate" hreflang (Google's extension of the sitemaps protocol) and listed
 * as a <url> of its own, so both languages are found.
 */
export function sitemapXml(origin: string, pages: SitemapPage[]): string {
	const url = (path: Pathname, locale: 'pl' | 'en') =>
		escapeXml(new URL(route(path, { locale }), origin).href);
	const urls = pages.flatMap(({ path, lastmod }) => {
		const alternates = (['pl', 'en'] as const)
			.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${url(path, l)}"/>`)
			.join('');
		return (['pl', 'en'] as const).map(
			(locale) =>
				`<url><loc>${url(path, locale)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}${alternates}</url>`
		);
	});
	return [
		XML_HEAD,
		`<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml">`,
		...urls,
		'</urlset>',
		''
	].join('\n');
}

/** The files of the sitemap index: the other pages, then 2^bits files of needs. */
export function sitemapFiles(bits: number): string[] {
	return [
		fileRoute('/sitemap/pages.xml'),
		...Array.from({ length: 2 ** bits }, (_, n) => fileRoute(`/sitemap/needs/${n}.xml`))
	];
}

/** A sitemap index (sitemaps.org "Using Sitemap index files") naming each file by its absolute URL. */
export function sitemapIndexXml(origin: string, files: string[]): string {
	return [
		XML_HEAD,
		`<sitemapindex xmlns="${SITEMAP_NS}">`,
		...files.map((f) => `<sitemap><loc>${escapeXml(new URL(f, origin).href)}</loc></sitemap>`),
		'</sitemapindex>',
		''
	].join('\n');
}

/**
 * Serves a sitemap document (`path` without the leading slash) from the document cache: made
 * once per state of the region's data, with an ETag from its version, like the other generated
 * documents (../cache/documents.ts).
 */
export const serveSitemap = (
	event: Pick<RequestEvent, 'locals' | 'request'>,
	path: string,
	make: (tx: Tx) => Promise<string>
) =>
	serveDocument(event, {
		path,
		staff: false,
		generate: async () => ({
			body: new TextEncoder().encode(await event.locals.db(make)),
			headers: { 'content-type': 'application/xml; charset=utf-8' }
		})
	});
