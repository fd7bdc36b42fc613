import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

export const sha256 = (data: string | Uint8Array) =>
	createHash('sha256').update(data).digest('hex');
export const hmac = (secret: string, data: string) =>
	createHmac('sha256', secret).update(data).digest('base64url');

/**
 * The private status link is derived from the idempotency key with the server secret, so a
 * replayed report gets the same link back while only its hash is stored (issue #3, item 4).
 */
export function statusToken(
	secret: string,
	idempotencyKey: string
): { token: string; hash: string } {
	const token = hmac(secret, `status:${idempotencyKey}`);
	return { token, hash: sha256(token) };
}

/**
 * Transitional, for the support and abuse endpoints until they call guard/context.ts (which this
 * module cannot import: that one loads the database module, and plain-Node scripts import this
 * one). Reads the same cookie: a signed device cookie `<id>.<signature>` issued by
 * guard/context.ts gives the same device hash as there, and is never replaced here; without a
 * cookie an unsigned one is set as before, which the next guarded write replaces by a signed one.
 */
export function deviceHash(cookies: Cookies, secret: string): string {
	let token = cookies.get('mzp_device');
	const signed = token ? /^([A-Za-z0-9_-]{43})\.[A-Za-z0-9_-]{22}$/.exec(token) : null;
	if (signed) return sha256(hmac(secret, `device:${signed[1]}`));
	if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
		token = randomBytes(32).toString('base64url');
		cookies.set('mzp_device', token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			maxAge: 60 * 60 * 24 * 400
		});
	}
	return sha256(hmac(secret, `device:${token}`));
}

/** Transitional as deviceHash; the same as guard/context.ts's ipHashOf. */
export const ipHash = (secret: string, ip: string) => sha256(hmac(secret, `ip:${ip}`));
