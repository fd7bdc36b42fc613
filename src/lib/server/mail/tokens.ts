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
	return `${needId}.${hmac(secret, `unsubscribe:${needId}`)}`;
}

/** The need id of a genuine unsubscribe token, or null. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
	const match = UNSUBSCRIBE_TOKEN.exec(token);
	if (!match) return null;
	const expected = Buffer.from(hmac(secret, `unsubscribe:${match[1]}`));
	const given = Buffer.from(match[2]);
	return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}

/**
 * Status link of a need that has no idempotency key (entered by an organizer): derived from the
 * need id, so the mailer can recompute it and only its hash is stored, like a reporter's link.
 */
export const organizerStatusToken = (secret: string, needId: string) =>
	hmac(secret, `status:need:${needId}`);
