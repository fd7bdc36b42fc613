import type { Locale } from '../../paraglide/runtime.js';
import type { Database, Tx } from '../db/types.ts';
import { ipHash } from '../reports/tokens.ts';
import { SQLSTATE, retryAfterOf, sqlstateOf } from '../db/sqlstate.ts';
import { signedToken, verifySignedToken } from '../mail/tokens.ts';
import { hashPassword, startSession } from './local.ts';
import type { SessionUser } from './permissions.ts';
import type { LinkState } from './link-state.ts';

/**
 * Password reset of local accounts (OWASP Forgot Password Cheat Sheet): a request by e-mail gets
 * the same answer whether or not the address has an account, a link goes out through the outbox,
 * and the link works once, for an hour (private.issue_password_reset). The link is the reset's
 * id signed with the server secret, so the mailer recomputes it and it is never stored.
 */

/** The path of a reset link (the page that sets the new password). */
export const resetPath = (secret: string, resetId: string) =>
	`/logowanie/haslo/${signedToken(secret, 'password-reset', resetId)}` as const;

export type ResetRequestResult = { ok: true } | { ok: false; retryAfter: number };

/**
 * A "forgot password" request. Rate-limited per network (MZ429 → wait) and per address (silently:
 * refusing aloud would say the address has an account). Queues a link only for an enabled local
 * account; the caller answers the same in every other case.
 */
export async function requestPasswordReset(
	db: Database,
	secret: string,
	input: { email: string; ip: string; locale: Locale }
): Promise<ResetRequestResult> {
	try {
		await db.asOwner((tx) =>
			tx.query('select private.request_password_reset($1, $2, $3)', [
				input.email,
				ipHash(secret, input.ip),
				input.locale
			])
		);
		return { ok: true };
	} catch (e) {
		if (sqlstateOf(e) === SQLSTATE.rateLimited) return { ok: false, retryAfter: retryAfterOf(e) };
		throw e;
	}
}

/**
 * An admin's "send reset link" (RLS: the function checks the admin role): the reset's path and
 * the account's address, as the admin's list shows it.
 */
export async function sendPasswordReset(
	tx: Tx,
	secret: string,
	accountId: string,
	locale: Locale
): Promise<{ path: string; email: string }> {
	const [row] = await tx.query<{ id: string }>('select private.send_password_reset($1, $2) as id', [
		accountId,
		locale
	]);
	const [account] = await tx.query<{ email: string }>(
		'select email from private.local_account_emails() where id = $1',
		[accountId]
	);
	return { path: resetPath(secret, row.id), email: account?.email ?? '' };
}

/** What a reset link is worth now: 'unknown' covers forged, used and superseded links. */
export type ResetState = LinkState;

export async function passwordResetState(
	db: Database,
	secret: string,
	token: string
): Promise<ResetState> {
	if (!verifySignedToken(secret, 'password-reset', token)) return 'unknown';
	const [row] = await db.asOwner((tx) =>
		tx.query<{ state: 'valid' | 'expired' | null }>(
			'select private.password_reset_state($1) as state',
			[token]
		)
	);
	return row?.state ?? 'unknown';
}

export type ResetResult =
	| { ok: true; token: string; user: SessionUser }
	| { ok: false; state: Exclude<ResetState, 'valid'> };

/**
 * Sets the new password with a reset link and signs the person in: the link, the account's other
 * links and every session it had end (the database does all three in one transaction).
 */
export async function resetPassword(
	db: Database,
	secret: string,
	token: string,
	password: string
): Promise<ResetResult> {
	if (!verifySignedToken(secret, 'password-reset', token)) return { ok: false, state: 'unknown' };
	const passwordHash = await hashPassword(password);
	let accountId: string;
	try {
		accountId = await db.asOwner(async (tx) => {
			const [row] = await tx.query<{ id: string }>('select private.reset_password($1, $2) as id', [
				token,
				passwordHash
			]);
			return row.id;
		});
	} catch (e) {
		const code = sqlstateOf(e);
		if (code === SQLSTATE.notFound) return { ok: false, state: 'unknown' };
		if (code === SQLSTATE.gone) return { ok: false, state: 'expired' };
		throw e;
	}
	return { ok: true, ...(await startSession(db, accountId)) };
}
