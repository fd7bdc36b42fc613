import { json, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import errorPage from '../../../error.html?raw';
import { isApiPath } from '../http/api-path.ts';

/**
 * The answer while the database is unreachable: 503 Service Unavailable with Retry-After
 * (RFC 9110 §15.6.4, §10.2.3), never 500, so browsers, API clients and load balancers retry.
 */
export const RETRY_AFTER_SECONDS = 5;

/** What these helpers read of a request (a RequestEvent has it all). */
type Event = Pick<RequestEvent, 'request' | 'url' | 'isDataRequest'>;

const marked = new WeakSet<Event>();

/** Remembers that this request met an unreachable database (from locals.db or handleError). */
export function markUnavailable(event: Event): void {
	marked.add(event);
}

export function wasUnavailable(event: Event): boolean {
	return marked.has(event);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const HEADERS = {
	'retry-after': String(RETRY_AFTER_SECONDS),
	'cache-control': 'no-store'
};

/** JSON `{error}` for the API (and clients asking for JSON); the error page (src/error.html) otherwise. */
export function unavailableResponse(event: Event): Response {
	const message = m.ops_db_unavailable();
	const accept = event.request.headers.get('accept') ?? '';
	if (isApiPath(event.url.pathname) || !accept.includes('text/html')) {
		return json({ error: message }, { status: 503, headers: HEADERS });
	}
	const page = errorPage
		.replaceAll('%sveltekit.status%', '503')
		.replaceAll('%sveltekit.error.message%', escapeHtml(message));
	return new Response(page, {
		status: 503,
		headers: { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }
	});
}

/**
 * After the app answered a request that met an unreachable database: the API gets its JSON shape,
 * an unexpected 500 becomes the 503 page, and every 503 carries Retry-After. Client-side
 * navigation data and enhanced form actions keep SvelteKit's own JSON (with status 503), which the
 * page knows how to show.
 */
export function finishUnavailable(event: Event, response: Response): Response {
	if (!wasUnavailable(event) || response.status < 500) return response;
	if (isApiPath(event.url.pathname)) return unavailableResponse(event);
	const ownFormat = event.isDataRequest || event.request.headers.has('x-sveltekit-action');
	if (response.status === 500 && !ownFormat) return unavailableResponse(event);
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(RETRY_AFTER_SECONDS));
	return new Response(response.body, { status: 503, headers });
}
