import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Database } from '../db/types.ts';
import { hmac, ipHash, sha256 } from '../reports/tokens.ts';
import type { SessionUser } from './permissions.ts';
import type { StaffRole } from '../../types.ts';
import { SQLSTATE, sqlstateOf } from '../db/sqlstate.ts';

/** Session lifetime, sliding with use: a working day of inactivity signs out. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1) — also @node-rs/argon2's defaults.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

/**
 * The length a new password must have (OWASP ASVS 5.0 V6.2.1 asks for at least 8; staff accounts
 * get 12), and the most that is hashed (a bound on Argon2's work per request).
 */
export const PASSWORD_LENGTH = { min: 12, max: 1024 } as const;

/** A fixed hash to verify against when the e-mail is unknown, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;

export class AccountExistsError extends Error {
	override name = 'AccountExistsError';
}

export async function createLocalAccount(
	db: Database,
	input: { email: string; password: string; role: StaffRole | null; displayName?: string }
): Promise<string> {
	const passwordHash = await hashPassword(input.password);
	try {
		return await db.asOwner(async (tx) => {
			const [row] = await tx.query<{ id: string }>(
				'select private.create_local_account($1, $2, $3, $4) as id',
				[input.email, passwordHash, input.role, input.displayName ?? null]
			);
			return row.id;
		});
	} catch (e) {
		if (sqlstateOf(e) === SQLSTATE.conflict) throw new AccountExistsError(input.email);
		throw e;
	}
}

export type LoginResult =
	| { ok: true; token: string; user: SessionUser }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfter: number };

/**
 * The keyed hashes a sign-in is throttled by: the account (normalised e-mail), the network (the
 * client address) and their pair. Keyed with the server secret, so the stored values reveal
 * neither e-mails nor addresses.
 */
export function loginKeys(secret: string, email: string, ip: string) {
	const account = sha256(hmac(secret, `login:account:${email.trim().toLowerCase()}`));
	const network = ipHash(secret, ip);
	return { pair: sha256(`${account}:${network}`), account, network };
}

/**
 * Verifies e-mail and password. Throttling is per (account, network) pair with doubling delays,
 * plus a distributed-guessing and a credential-stuffing guard, all decided in
 * `private.begin_login_attempt` (see its migration): a correct password from a network that has
 * not been failing on this account always gets through. A refused attempt checks no password
 * and says how many seconds to wait.
 */
export async function loginLocal(
	db: Database,
	secret: string,
	input: { email: string; password: string; ip: string }
): Promise<LoginResult> {
	const email = input.email.trim().toLowerCase();
	const keys = loginKeys(secret, email, input.ip);
	const wait = await db.asOwner(async (tx) => {
		const [row] = await tx.query<{ wait: number }>(
			'select private.begin_login_attempt($1, $2, $3) as wait',
			[keys.pair, keys.account, keys.network]
		);
		return row.wait;
	});
	if (wait > 0) return { ok: false, reason: 'throttled', retryAfter: wait };

	const [account] = await db.asOwner((tx) =>
		tx.query<{ id: string; email: string; password_hash: string; disabled: boolean }>(
			'select * from private.local_account_by_email($1)',
			[email]
		)
	);
	dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
	const valid = await verify(account?.password_hash ?? (await dummyHash), input.password).catch(
		() => false
	);
	// The attempt is already counted as a failure; only the right password clears it.
	if (!account || !valid || account.disabled) return { ok: false, reason: 'invalid' };

	await db.asOwner((tx) => tx.query('select private.login_succeeded($1)', [keys.pair]));
	return { ok: true, ...(await startSession(db, account.id)) };
}

/**
 * A new session for an account that has just proved itself (the right password, a new password
 * set through a reset link, the first admin created with the setup link): the cookie's token and
 * who it signs in. Only the token's SHA-256 is stored.
 */
export async function startSession(
	db: Database,
	accountId: string
): Promise<{ token: string; user: SessionUser }> {
	const token = randomBytes(32).toString('base64url');
	const user = await db.asOwner(async (tx) => {
		await tx.query('select private.create_session($1, $2, $3)', [
			accountId,
			sha256(token),
			SESSION_TTL_SECONDS
		]);
		const [row] = await tx.query<{ id: string; email: string; role: StaffRole | null }>(
			'select * from private.session_account($1, $2)',
			[sha256(token), SESSION_TTL_SECONDS]
		);
		return { id: accountId, email: row?.email ?? '', role: row?.role ?? null };
	});
	return { token, user };
}

/** The account behind a session cookie, or null (unknown, expired or disabled). */
export async function sessionUser(db: Database, token: string): Promise<SessionUser | null> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const [row] = await db.asOwner((tx) =>
		tx.query<{ id: string; email: string; role: StaffRole | null }>(
			'select * from private.session_account($1, $2)',
			[sha256(token), SESSION_TTL_SECONDS]
		)
	);
	return row ? { id: row.id, email: row.email, role: row.role } : null;
}

export async function logoutLocal(db: Database, token: string): Promise<void> {
	await db.asOwner((tx) => tx.query('select private.end_session($1)', [sha256(token)]));
}
