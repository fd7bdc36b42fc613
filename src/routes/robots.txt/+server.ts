import type { RequestHandler } from './$types';
import { fileRoute } from '$lib/routes';

/**
 * robots.txt (RFC 9309): crawling is allowed everywhere (private status links carry noindex
 * themselves), and the Sitemap line names sitemap.xml by its absolute URL, as the sitemaps
 * protocol requires — which is why this file is served here rather than from static/.
 */
export const GET: RequestHandler = ({ url }) =>
	new Response(
		[
			'User-agent: *',
			'Disallow:',
			'',
			`Sitemap: ${new URL(fileRoute('/sitemap.xml'), url.origin).href}`,
			''
		].join('\n'),
		{
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'public, max-age=3600'
			}
		}
	);
