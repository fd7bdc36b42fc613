import type { Tx } from '../db/types.ts';
import { verifyUnsubscribeToken } from './tokens.ts';

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
