import type { Cookies } from '@sveltejs/kit';

// Cookies for the in-process app (app.ts): `event.cookies` as the handlers see it, writing
// Set-Cookie lines (RFC 6265 §4.1) with SvelteKit's defaults, and a jar that plays one browser.

type Options = Parameters<Cookies['set']>[2];

function parse(header: string): Map<string, string> {
	const pairs = new Map<string, string>();
	for (const part of header.split(';')) {
		const at = part.indexOf('=');
		if (at < 0) continue;
		const name = part.slice(0, at).trim();
		if (name && !pairs.has(name)) pairs.set(name, part.slice(at + 1).trim());
	}
	return pairs;
}

function serialize(name: string, value: string, options: Options): string {
	const parts = [`${name}=${encodeURIComponent(value)}`];
	if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAge)}`);
	if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
	if (options.domain) parts.push(`Domain=${options.domain}`);
	parts.push(`Path=${options.path}`);
	if (options.httpOnly) parts.push('HttpOnly');
	if (options.secure) parts.push('Secure');
	if (options.sameSite) {
		const same = String(options.sameSite);
		parts.push(`SameSite=${same.charAt(0).toUpperCase()}${same.slice(1).toLowerCase()}`);
	}
	return parts.join('; ');
}

/** `event.cookies` of one request; SvelteKit's defaults: HttpOnly, SameSite=Lax, Secure off http://localhost. */
export function requestCookies(request: Request, url: URL) {
	const incoming = parse(request.headers.get('cookie') ?? '');
	const set = new Map<string, { value: string; options: Options }>();
	const defaults = {
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: !(url.hostname === 'localhost' && url.protocol === 'http:')
	};
	const api = {
		get(name: string) {
			const own = set.get(name);
			if (own) return own.options.maxAge === 0 ? undefined : own.value;
			const raw = incoming.get(name);
			return raw === undefined ? undefined : decodeURIComponent(raw);
		},
		getAll() {
			return [...incoming].map(([name, value]) => ({ name, value: decodeURIComponent(value) }));
		},
		set(name: string, value: string, options: Options) {
			set.set(name, { value, options: { ...defaults, ...options } });
		},
		delete(name: string, options: Options) {
			set.set(name, { value: '', options: { ...defaults, ...options, maxAge: 0 } });
		},
		serialize(name: string, value: string, options: Options) {
			return serialize(name, value, { ...defaults, ...options });
		}
	} satisfies Cookies;
	return {
		api,
		setCookieHeaders: () =>
			[...set].map(([name, { value, options }]) => serialize(name, value, options))
	};
}

/** The cookies one browser keeps: name → value, dropped when Max-Age is 0. Path and domain are ignored (all are `/`). */
export class CookieJar {
	readonly values = new Map<string, string>();

	header(): string {
		return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
	}

	store(response: Response): void {
		for (const line of response.headers.getSetCookie()) {
			const [pair, ...attributes] = line.split(';');
			const at = pair.indexOf('=');
			const name = pair.slice(0, at).trim();
			const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
			if (gone) this.values.delete(name);
			else this.values.set(name, pair.slice(at + 1).trim());
		}
	}
}
