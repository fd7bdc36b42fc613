import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { getSecrets } from '../db/index.ts';
import { hmac, ipHash, sha256 } from '../reports/tokens.ts';

/**
 * The context of a guarded public write, signed for the database: the functions in `private`
 * accept the caller's device and network only with this signature (HMAC-SHA-256, RFC 2104, keyed
 * with the per-database secret that only the owner and those functions can read). A client
 * calling the database directly with the public anon key cannot produce one. See
 * private.trusted_request() in supabase/migrations.
 */
export interface SignedContext {
	/** SHA-256 of the browser's device token (HMAC'd with the secret), or null without a device. */
	d: string | null;
	/** SHA-256 of the client's IP address (HMAC'd with the secret). */
	i: string;
	/** Unix seconds when signed; the database accepts five minutes either way. */
	t: number;
	s: string;
}

export function signContext(
	secret: string,
	deviceHash: string | null,
	ipHash: string,
	now = Date.now()
): SignedContext {
	const t = Math.floor(now / 1000);
	const s = createHmac('sha256', secret)
		.update(`request|${deviceHash ?? ''}|${ipHash}|${t}`)
		.digest('hex');
	return { d: deviceHash, i: ipHash, t, s };
}

export const DEVICE_COOKIE = 'mzp_device';
const DEVICE_TOKEN = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/;
const COOKIE_OPTIONS = {
	path: '/',
	httpOnly: true,
	sameSite: 'lax',
	maxAge: 60 * 60 * 24 * 400
} as const;

const deviceSignature = (secret: string, id: string) => hmac(secret, `device:${id}`).slice(0, 22);

/**
 * The device id of a genuine device cookie, or null. A device cookie is `<random id>.<signature>`,
 * issued by this server only (never chosen by the browser), so a script cannot invent identities.
 */
export function readDeviceToken(secret: string, token: string | undefined): string | null {
	const match = token ? DEVICE_TOKEN.exec(token) : null;
	if (!match) return null;
	const expected = Buffer.from(deviceSignature(secret, match[1]));
	const given = Buffer.from(match[2]);
	return timingSafeEqual(expected, given) ? match[1] : null;
}

/** A new signed device token. */
export function newDeviceToken(secret: string): string {
	const id = randomBytes(32).toString('base64url');
	return `${id}.${deviceSignature(secret, id)}`;
}

const hashDevice = (secret: string, id: string) => sha256(hmac(secret, `device:${id}`));

/** The hashed device of the browser's cookie, or null when it has no genuine one. */
export function deviceOf(cookies: Cookies, secret: string): string | null {
	const id = readDeviceToken(secret, cookies.get(DEVICE_COOKIE));
	return id ? hashDevice(secret, id) : null;
}

/**
 * The hashed device of the browser, issuing a device cookie when it has none. Pages call this so
 * that a browser receives its identity from a page of the app; API clients that never loaded a
 * page get one from the report API too, where the per-network limits still hold.
 */
export function ensureDevice(cookies: Cookies, secret: string, secure: boolean): string {
	const existing = deviceOf(cookies, secret);
	if (existing) return existing;
	const token = newDeviceToken(secret);
	cookies.set(DEVICE_COOKIE, token, { ...COOKIE_OPTIONS, secure });
	return hashDevice(secret, token.slice(0, token.indexOf('.')));
}

/**
 * The signed context of this request. `device`: 'issue' gives the browser a device cookie when it
 * has none (report forms and the report API); 'require' uses only an existing genuine cookie and
 * signs `d: null` without one (the database then refuses writes that need a device).
 */
export async function requestContext(
	event: Pick<RequestEvent, 'cookies' | 'getClientAddress' | 'url'>,
	device: 'issue' | 'require'
): Promise<SignedContext> {
	const { hmac: secret } = await getSecrets();
	const deviceHash =
		device === 'issue'
			? ensureDevice(event.cookies, secret, event.url.protocol === 'https:')
			: deviceOf(event.cookies, secret);
	return signContext(secret, deviceHash, ipHash(secret, event.getClientAddress()));
}
