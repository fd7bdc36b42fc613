import type { Pathname } from '$app/types';
import { route } from '$lib/routes';
import type { SitemapEntries } from './page.ts';

/** The public pages that exist once whatever the data: the map, lists, forms and legal pages. */
const FIXED: Pathname[] = [
	'/',
	'/zglos',
	'/dzialania',
	'/siec',
	'/diagnoza',
	'/prezentacja',
	'/deklaracja-dostepnosci',
	'/rodo',
	'/zasady-moderacji'
];

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The sitemap document: one <url> per page in Polish, its English version named with
 * xhtml:link rel="alternate" hreflang (Google's extension of the sitemaps protocol) and listed
 * as a <url> of its own, so both languages are found.
 */
export function sitemapXml(origin: string, entries: SitemapEntries): string {
	const pages: { path: Pathname; lastmod?: string }[] = [
		...FIXED.map((path) => ({ path })),
		...entries.needs.map((n) => ({
			path: `/potrzeby/${n.ref}` as Pathname,
			lastmod: new Date(n.updated_at).toISOString().slice(0, 10)
		})),
		...entries.activities.map((a) => ({ path: `/dzialania/${a.id}` as Pathname })),
		{ path: '/diagnoza/gmina' },
		...entries.villages.map((slug) => ({ path: `/diagnoza/${slug}` as Pathname })),
		...entries.solectwa.map((slug) => ({ path: `/diagnoza/solectwo-${slug}` as Pathname }))
	];
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
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
		...urls,
		'</urlset>',
		''
	].join('\n');
}
