/** JWT claims shaped like Supabase's, so the same RLS policies work with Supabase Auth and local accounts. */
export interface Claims {
	role: 'anon' | 'authenticated';
	sub?: string;
	email?: string;
	app_metadata?: { role?: 'organizer' | 'council' | 'admin' };
	[claim: string]: unknown;
}

export const ANON: Claims = Object.freeze({ role: 'anon' });

/**
 * A transaction. Parameters are always bound ($1, $2 …); SQL text is a constant. `query` is a
 * function property, not a method: it uses no `this` and is passed around on its own.
 */
export interface Tx {
	query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;
}

/** A transaction that may also run a multi-statement script (migrations, owner only). */
export interface OwnerTx extends Tx {
	exec(script: string): Promise<void>;
}

export interface Database {
	readonly kind: 'pglite' | 'postgres';
	/**
	 * The only path to the database for request handlers: one transaction as `anon` or
	 * `authenticated` with the claims set, the way PostgREST does it, so RLS decides.
	 * `signal` is the request's: once it aborts (the client went away) no further query starts,
	 * and on PostgreSQL the running one is cancelled, so an abandoned request stops holding a
	 * connection and a backend.
	 */
	asUser<T>(claims: Claims, fn: (tx: Tx) => Promise<T>, signal?: AbortSignal): Promise<T>;
	/** As the owner, bypassing RLS: migrations, seeding and maintenance only. */
	asOwner<T>(fn: (tx: OwnerTx) => Promise<T>, signal?: AbortSignal): Promise<T>;
	/**
	 * LISTEN on a channel (live consultation): `onPayload` gets each NOTIFY payload after
	 * its transaction commits. Resolves once listening; the returned function stops listening.
	 * On postgres.js this uses a dedicated connection (Supabase: the direct connection, not the
	 * 6543 transaction pooler, which drops LISTEN).
	 */
	listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
	/**
	 * Embedded database only: a consistent copy of the whole data directory as an uncompressed tar
	 * (what PGlite's `loadDataDir` reads back), taken between transactions while the server runs.
	 */
	snapshot?(): Promise<Uint8Array<ArrayBuffer>>;
	close(): Promise<void>;
}

/** A start-up failure with a one-line message for the operator (no stack trace). */
export class StartupError extends Error {
	override name = 'StartupError';
}
