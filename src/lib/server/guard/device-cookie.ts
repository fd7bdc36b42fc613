import type { Handle } from '@sveltejs/kit';
import { getSecrets } from '../db/index.ts';
import { ensureDevice } from './context.ts';

/** Paths that never render a page: the API, build assets and the supervisor's probes. */
const NOT_PAGES = /^\/(?:api|_app)(?:\/|$)|^\/(?:healthz|readyz)$/;

/**
 * Whether this request loads an HTML page of the app: a GET navigation (the browser asks for
 * text/html, RFC 9110 §12.5.1) to a route of the app, not the API, not SvelteKit's data requests,
 * not a build asset or a health probe. Unknown paths (scanners) get no identity.
 */
export function isPageLoad(event: {
	request: Request;
	url: URL;
	route: { id: string | null };
	isDataRequest: boolean;
}): boolean {
	if (event.request.method !== 'GET' || event.isDataRequest || event.route.id === null) {
		return false;
	}
	if (NOT_PAGES.test(event.url.pathname)) return false;
	return (event.request.headers.get('accept') ?? '').toLowerCase().includes('text/html');
}

/**
 * Gives every browser that loads a page its signed device cookie, when it has no genuine one.
 * Supports and abuse reports are accepted only from such a browser, so their identities come
 * from the app's pages rather than from a script. Cheap: an HMAC with the cached secret, no
 * database query after the first request. The cookie is Secure when the request is https.
 */
export const handleDeviceCookie: Handle = async ({ event, resolve }) => {
	if (isPageLoad(event)) {
		const { hmac } = await getSecrets();
		ensureDevice(event.cookies, hmac, event.url.protocol === 'https:');
	}
	return resolve(event);
};
