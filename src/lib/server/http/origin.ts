import type { RequestEvent } from '@sveltejs/kit';

/**
 * Without ORIGIN, adapter-node assumes https, so on the plain-http `npm start` url.origin is
 * wrong. A browser's own Origin header is trusted when it names the host the request was sent to
 * (an attacker's page cannot choose the Host header of a request to this server).
 */
function sameHostOrigin(event: RequestEvent): string | null {
	const origin = event.request.headers.get('origin');
	const host = event.request.headers.get('host');
	if (!origin || !host) return null;
	try {
		const parsed = new URL(origin);
		return parsed.host === host && (parsed.protocol === 'http:' || parsed.protocol === 'https:')
			? parsed.origin
			: null;
	} catch {
		return null;
	}
}

/** Whether an unsafe form post comes from this site (CSRF rule for pages). */
export function isSameSite(event: RequestEvent): boolean {
	const origin = event.request.headers.get('origin');
	return origin === event.url.origin || (!process.env.ORIGIN && sameHostOrigin(event) !== null);
}

/** The origin to put into links given to the user (status links). */
export function publicOrigin(event: RequestEvent): string {
	return (!process.env.ORIGIN && sameHostOrigin(event)) || event.url.origin;
}
