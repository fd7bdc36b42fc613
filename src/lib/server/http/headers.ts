import type { Handle } from '@sveltejs/kit';

/**
 * Features the app may use: geolocation ("my location" on the report form) and fullscreen (the
 * presentation mode), both for its own origin only; every other powerful feature is off for the
 * app and for anything it might embed (W3C Permissions Policy; OWASP HTTP Headers Cheat Sheet).
 */
export const PERMISSIONS_POLICY = [
	'geolocation=(self)',
	'fullscreen=(self)',
	'accelerometer=()',
	'camera=()',
	'display-capture=()',
	'gyroscope=()',
	'magnetometer=()',
	'microphone=()',
	'midi=()',
	'payment=()',
	'screen-wake-lock=()',
	'usb=()'
].join(', ');

/**
 * Sent with every response of the app (pages, API, errors). The CSP comes from SvelteKit
 * (svelte.config.js, pages only); HSTS belongs to the HTTPS proxy (README). Static files served by
 * adapter-node before SvelteKit do not pass here: the proxy adds the same headers to them.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	// No MIME sniffing: an uploaded or exported file is only ever what its Content-Type says.
	'x-content-type-options': 'nosniff',
	// Full URLs (status links hold a token) never leave the site; other sites get the origin only.
	'referrer-policy': 'strict-origin-when-cross-origin',
	'permissions-policy': PERMISSIONS_POLICY
};

/**
 * A response behind a secret link (a token in the address: the reporter's status page, confirming
 * or ending a subscription): kept out of every cache, shared or not (RFC 9111 §5.2.2.5 no-store,
 * §5.2.2.7 private), and out of search engines (X-Robots-Tag).
 */
export const SECRET_LINK_HEADERS: Readonly<Record<string, string>> = {
	'cache-control': 'private, no-store',
	'x-robots-tag': 'noindex'
};

/** The response with the security headers it does not set itself. */
export function withSecurityHeaders(response: Response): Response {
	const missing = Object.entries(SECURITY_HEADERS).filter(([name]) => !response.headers.has(name));
	if (missing.length === 0) return response;
	try {
		for (const [name, value] of missing) response.headers.set(name, value);
		return response;
	} catch {
		// Immutable headers (a Response from fetch or Response.redirect): copy into a new one.
		const copy = new Response(response.body, {
			status: response.status,
			statusText: response.statusText,
			headers: new Headers(response.headers)
		});
		for (const [name, value] of missing) copy.headers.set(name, value);
		return copy;
	}
}

export const handleSecurityHeaders: Handle = async ({ event, resolve }) =>
	withSecurityHeaders(await resolve(event));
