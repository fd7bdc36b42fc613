/**
 * A base the value is resolved against: any special ("http") scheme, so that backslashes, tabs,
 * newlines and dot segments are read exactly as a browser reads the Location header (WHATWG URL
 * Standard, "basic URL parser"); `.invalid` can never be a real host (RFC 2606 §2).
 */
const BASE = new URL('http://safe-next.invalid/');
const MAX_LENGTH = 2048;

/**
 * Where to go after signing in: only a path on this site. An open redirect would let a phishing
 * link bounce through the login page (OWASP Unvalidated Redirects and Forwards Cheat Sheet).
 *
 * The value is parsed by the WHATWG URL parser — the browser's own — and accepted only when it
 * stays on the same origin; what is returned is the parser's normalised path + query + fragment,
 * never the raw input. So `/\t/evil.example` (tab removed: `//evil.example`), `/\evil.example`,
 * `/.//evil.example` and `javascript:` all fall back, and the result is percent-encoded ASCII
 * that can always go into a Location header (a CR or a non-Latin-1 character would make Node
 * refuse the header: 500).
 */
export function safeNext(value: string | null | undefined, fallback = '/panel'): string {
	// A path as typed: not relative, not a scheme, not leading whitespace the parser would strip.
	if (!value || value.length > MAX_LENGTH || !value.startsWith('/')) return fallback;
	let url: URL;
	try {
		url = new URL(value, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE.origin) return fallback;
	const target = `${url.pathname}${url.search}${url.hash}`;
	// `//host` or `/\host` after normalisation would be read as another site (scheme-relative).
	if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\'))
		return fallback;
	// A NUL byte is refused by the app anyway (400); sign-in should land on a real page.
	if (/%00/i.test(target)) return fallback;
	return target;
}
