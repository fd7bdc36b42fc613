import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Database } from '../db/types.ts';
import { hmac, sha256 } from '../reports/tokens.ts';
import type { SessionUser } from './guard.ts';
import type { StaffRole } from '../../types.ts';

/** Session lifetime, sliding with use: a working day of inactivity signs out. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
/** Throttle (issue #4): this many failures per e-mail or per IP within the window block sign-in. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1) — also @node-rs/argon2's defaults.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, ARGON2);

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
		if ((e as { code?: string }).code === 'MZ409') throw new AccountExistsError(input.email);
		throw e;
	}
}

export type LoginResult =
	{ ok: true; token: string; user: SessionUser } | { ok: false; reason: 'invalid' | 'throttled' };

/**
 * Verifies e-mail and password. Failures are counted per e-mail and per IP (both as keyed
 * hashes, never in clear); at LOGIN_MAX_FAILURES within the window sign-in is refused before
 * the password is even checked, so guessing cannot continue (issue #4, "failed logins are throttled").
 */
export async function loginLocal(
	db: Database,
	secret: string,
	input: { email: string; password: string; ip: string }
): Promise<LoginResult> {
	const email = input.email.trim().toLowerCase();
	const buckets = [
		`login:email:${sha256(hmac(secret, email))}`,
		`login:ip:${sha256(hmac(secret, input.ip))}`
	];
	const failures = await db.asOwner(async (tx) => {
		const [row] = await tx.query<{ n: number }>('select private.login_failures($1, $2) as n', [
			buckets,
			LOGIN_WINDOW_SECONDS
		]);
		return row.n;
	});
	if (failures >= LOGIN_MAX_FAILURES) return { ok: false, reason: 'throttled' };

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
	if (!account || !valid || account.disabled) {
		await db.asOwner((tx) => tx.query('select private.record_login_failure($1)', [buckets]));
		return { ok: false, reason: 'invalid' };
	}

	const token = randomBytes(32).toString('base64url');
	const user = await db.asOwner(async (tx) => {
		await tx.query('select private.clear_login_failures($1)', [buckets.slice(0, 1)]);
		await tx.query('select private.create_session($1, $2, $3)', [
			account.id,
			sha256(token),
			SESSION_TTL_SECONDS
		]);
		const [row] = await tx.query<{ role: StaffRole | null }>(
			'select role from private.session_account($1, $2)',
			[sha256(token), SESSION_TTL_SECONDS]
		);
		return { id: account.id, email: account.email, role: row?.role ?? null };
	});
	return { ok: true, token, user };
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
