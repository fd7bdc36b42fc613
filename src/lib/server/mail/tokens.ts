import { timingSafeEqual } from 'node:crypto';
import { hmac } from '../reports/tokens.ts';
import { UUID_SOURCE } from '../../uuid.ts';

/** `<need id>.<signature>`; private.mail_unsubscribe checks the same shape and the signature. */
export const UNSUBSCRIBE_TOKEN = new RegExp(`^(${UUID_SOURCE})\\.([A-Za-z0-9_-]{43})$`);

/**
 * The one-click unsubscribe link: the need's id signed with the server secret,
 * so nothing has to be stored and nobody can unsubscribe an address they were not sent.
 */
export function unsubscribeToken(secret: string, needId: string): string {
	return signedToken(secret, 'unsubscribe', needId);
}

/**
 * What a signed link token is for: the HMAC covers `<purpose>:<uuid>`, so a token made for one
 * purpose never passes as another (private.signed_uuid and private.mail_unsubscribe check the
 * same in SQL).
 */
export type TokenPurpose =
	'unsubscribe' | 'follow-confirm' | 'follow-unsubscribe' | 'password-reset';

/** `<uuid>.<base64url(HMAC-SHA-256(secret, purpose:uuid))>`. */
export const signedToken = (secret: string, purpose: TokenPurpose, id: string) =>
	`${id}.${hmac(secret, `${purpose}:${id}`)}`;

/** The uuid of a genuine token of `purpose`, or null. */
export function verifySignedToken(
	secret: string,
	purpose: TokenPurpose,
	token: string
): string | null {
	const match = UNSUBSCRIBE_TOKEN.exec(token);
	if (!match) return null;
	const expected = Buffer.from(hmac(secret, `${purpose}:${match[1]}`));
	const given = Buffer.from(match[2]);
	return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}

/**
 * The id behind a genuine unsubscribe token: a reporter's (the need id) or a follower's (the
 * subscription id); null for anything else.
 */
export const verifyUnsubscribeToken = (secret: string, token: string): string | null =>
	verifySignedToken(secret, 'unsubscribe', token) ??
	verifySignedToken(secret, 'follow-unsubscribe', token);

/**
 * Status link of a need that has no idempotency key (entered by an organizer): derived from the
 * need id, so the mailer can recompute it and only its hash is stored, like a reporter's link.
 */
export const organizerStatusToken = (secret: string, needId: string) =>
	hmac(secret, `status:need:${needId}`);
