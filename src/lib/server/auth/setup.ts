import { randomBytes } from 'node:crypto';
import type { Database } from '../db/types.ts';
import { sha256 } from '../reports/tokens.ts';
import { SQLSTATE, sqlstateOf } from '../db/sqlstate.ts';
import { hashPassword, AccountExistsError } from './local.ts';
import type { LinkState } from './link-state.ts';

/**
 * The first admin of a new installation (local accounts). While no enabled admin exists, each
 * server start issues a one-time setup token, valid for SETUP_TTL_SECONDS, and prints its link to
 * the server log: whoever reads the log runs the server, so the link is proof enough. The page
 * behind it (/konfiguracja/[token]) creates the admin while the server runs — `npm run
 * user:create` cannot while it runs, as the embedded database is single-process. Only the token's
 * SHA-256 is stored (private.setup_tokens).
 */
export const SETUP_TTL_SECONDS = 24 * 60 * 60;

/** 32 random bytes, base64url: the shape of a setup token (and of a session token). */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Issues a new setup token when no admin exists and returns its link under `baseUrl`, or null
 * when an admin exists (then every earlier setup link stops working too).
 */
export async function issueSetupLink(db: Database, baseUrl: string): Promise<string | null> {
	const token = randomBytes(32).toString('base64url');
	const issued = await db.asOwner(async (tx) => {
		const [row] = await tx.query<{ issued: boolean }>(
			'select private.issue_setup_token($1, $2) as issued',
			[sha256(token), SETUP_TTL_SECONDS]
		);
		return row.issued;
	});
	return issued ? `${baseUrl.replace(/\/+$/, '')}/konfiguracja/${token}` : null;
}

/** At start: prints the setup link when there is no admin yet (server log, operator's Polish). */
export async function announceSetupLink(
	db: Database,
	baseUrl: string,
	log: (line: string) => void
): Promise<void> {
	const link = await issueSetupLink(db, baseUrl);
	if (!link) return;
	log(
		`Brak konta administratora. Utwórz je w przeglądarce (link jednorazowy, ważny ${SETUP_TTL_SECONDS / 3600} h): ${link}`
	);
}

/** What a setup link is worth now. */
export type SetupState = LinkState;

export async function setupTokenState(db: Database, token: string): Promise<SetupState> {
	if (!TOKEN_SHAPE.test(token)) return 'unknown';
	const [row] = await db.asOwner((tx) =>
		tx.query<{ state: 'valid' | 'expired' | null }>(
			'select private.setup_token_state($1) as state',
			[sha256(token)]
		)
	);
	return row?.state ?? 'unknown';
}

export class SetupLinkError extends Error {
	override name = 'SetupLinkError';
	constructor(readonly state: Exclude<SetupState, 'valid'>) {
		super(`setup link ${state}`);
	}
}

/**
 * Creates the first admin with a valid setup token (which then stops working) and returns the
 * account's id. Throws SetupLinkError for an unknown, used or expired link (or when an admin
 * exists by now), AccountExistsError when the e-mail has an account.
 */
export async function createFirstAdmin(
	db: Database,
	token: string,
	input: { email: string; password: string }
): Promise<string> {
	if (!TOKEN_SHAPE.test(token)) throw new SetupLinkError('unknown');
	const passwordHash = await hashPassword(input.password);
	try {
		return await db.asOwner(async (tx) => {
			const [row] = await tx.query<{ id: string }>(
				'select private.create_first_admin($1, $2, $3) as id',
				[sha256(token), input.email, passwordHash]
			);
			return row.id;
		});
	} catch (e) {
		const code = sqlstateOf(e);
		if (code === SQLSTATE.notFound) throw new SetupLinkError('unknown');
		if (code === SQLSTATE.gone) throw new SetupLinkError('expired');
		if (code === SQLSTATE.conflict) throw new AccountExistsError(input.email);
		throw e;
	}
}
