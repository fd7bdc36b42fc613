import { createHash, createHmac } from 'node:crypto';

export const sha256 = (data: string | Uint8Array) =>
	createHash('sha256').update(data).digest('hex');
export const hmac = (secret: string, data: string) =>
	createHmac('sha256', secret).update(data).digest('base64url');

/**
 * The private status link is derived from the idempotency key with the server secret, so a
 * replayed report gets the same link back while only its hash is stored.
 */
export function statusToken(
	secret: string,
	idempotencyKey: string
): { token: string; hash: string } {
	const token = hmac(secret, `status:${idempotencyKey}`);
	return { token, hash: sha256(token) };
}

/** The client's IP address as stored by rate limits and throttles: keyed, never in clear. */
export const ipHash = (secret: string, ip: string) => sha256(hmac(secret, `ip:${ip}`));
