import type { Tx } from '../db/types.ts';
import { sha256 } from '../reports/tokens.ts';
import { unsubscribeToken, verifyUnsubscribeToken } from './tokens.ts';

/**
 * Unsubscribes the reporter of the need named by a genuine signed link (issue #4, item 7); false
 * for a forged or damaged token. Runs in the request's transaction: private.mail_unsubscribe is
 * granted to anon, and only reachable through this check (the API does not expose `private`).
 */
export async function unsubscribe(tx: Tx, secret: string, token: string): Promise<boolean> {
	const needId = verifyUnsubscribeToken(secret, token);
	if (!needId) return false;
	await tx.query('select private.mail_unsubscribe($1::uuid)', [needId]);
	return true;
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
