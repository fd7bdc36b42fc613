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

export const DEVICE_COOKIE = 'mzp_device';

/** The browser's anonymous device token (httpOnly cookie), created on first use; stored hashed. */
export function deviceHash(cookies: Cookies, secret: string): string {
	let token = cookies.get(DEVICE_COOKIE);
	if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
		token = randomBytes(32).toString('base64url');
		cookies.set(DEVICE_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			maxAge: 60 * 60 * 24 * 400
		});
	}
	return sha256(hmac(secret, `device:${token}`));
}

export const ipHash = (secret: string, ip: string) => sha256(hmac(secret, `ip:${ip}`));
