import type { Tx } from '../db/types.ts';
import { sha256 } from '../reports/tokens.ts';
import { UNSUBSCRIBE_TOKEN, unsubscribeToken } from './tokens.ts';

/**
 * Unsubscribes the reporter of the need, or the follower, named by a genuine signed link; false
 * for a forged or damaged token. The SQL functions are granted to anon (on Supabase anyone
 * can call them with the public key), so each checks the link's signature itself, in SQL, with
 * the same secret and format as signedToken(): a reporter's token passes only
 * private.mail_unsubscribe, a follower's only private.follow_unsubscribe.
 */
export async function unsubscribe(tx: Tx, token: string): Promise<boolean> {
	// Anything else (also text PostgreSQL cannot hold, such as NUL) is no token: no query.
	if (!UNSUBSCRIBE_TOKEN.test(token)) return false;
	const rows = await tx.query<{ ok: boolean }>(
		'select private.mail_unsubscribe($1) or private.follow_unsubscribe($1) as ok',
		[token]
	);
	return rows[0]?.ok === true;
}

/**
 * The unsubscribe token for the reporter holding a status link, or null when they get no status
 * e-mails (no address, or unsubscribed already). Shown on their status page.
 */
export async function unsubscribeTokenForStatus(
	tx: Tx,
	secret: string,
	statusToken: string
): Promise<string | null> {
	const rows = await tx.query<{ need_id: string | null }>(
		'select private.need_mail_subscription($1)::text as need_id',
		[sha256(statusToken)]
	);
	const needId = rows[0]?.need_id;
	return needId ? unsubscribeToken(secret, needId) : null;
}
