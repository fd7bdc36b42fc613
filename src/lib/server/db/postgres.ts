import postgres from 'postgres';
import { asUserVia } from './claims.ts';
import { classifyDatabaseError } from './errors.ts';
import { StartupError, type Database, type OwnerTx } from './types.ts';

function describeTarget(url: string): string {
	try {
		const u = new URL(url);
		return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
	} catch {
		return '(nieprawidłowy DATABASE_URL)';
	}
}

/**
 * Any PostgreSQL with PostGIS (CI, self-hosting, Supabase's connection string) via postgres.js.
 *
 * A lost connection (pg_terminate_backend, a restart of PostgreSQL, a network cut) must never take
 * the process down: postgres.js 3.x wrote the ROLLBACK of a transaction whose connection had just
 * closed to a socket it had already dropped, an uncaught TypeError from a timer, and it could
 * leave a half-written message behind that stalled the next connection of that slot; 4.x rejects
 * such queries instead (see its "Transactions are stricter" upgrade note). What remains for us:
 * every connection failure reaches the caller as a DatabaseUnavailableError (HTTP 503), and the
 * pool connects again on the next query.
 */
export async function openPostgres(url: string): Promise<Database> {
	const target = describeTarget(url);
	const sql = postgres(url, {
		max: 10,
		onnotice: () => {},
		// Supabase's transaction pooler (port 6543) does not support prepared statements.
		prepare: !/:6543(\/|$)/.test(url),
		connect_timeout: 10,
		// A request waits at most this long for a free connection, then gets 503 instead of hanging.
		queue_timeout: 15,
		// Seconds before the next connection attempt after a failure: 0.05, 0.1, 0.2 … at most 2
		// (with jitter), so the app is back within seconds of the database, not the default 20 s.
		backoff: (attempt: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** attempt, 2)
	});
	try {
		await sql.unsafe('select 1');
	} catch (e) {
		await sql.end({ timeout: 1 }).catch(() => {});
		const err = e as NodeJS.ErrnoException;
		throw new StartupError(
			`Nie można połączyć się z bazą PostgreSQL ${target}: ${err.code ?? ''} ${err.message}`.replace(
				/\s+/g,
				' '
			) + ' — sprawdź DATABASE_URL i czy serwer działa.'
		);
	}

	const asOwner = <T>(fn: (tx: OwnerTx) => Promise<T>, signal?: AbortSignal): Promise<T> =>
		sql
			.begin(async (t) =>
				fn({
					async query<R>(text: string, params: unknown[] = []) {
						// A request whose client has gone starts no further query, and its running one
						// is cancelled (a CancelRequest on a separate connection, PostgreSQL protocol
						// §55.2.8): the error rolls the transaction back and frees the pooled connection.
						signal?.throwIfAborted();
						const query = t.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
						const cancel = () => void query.cancel();
						signal?.addEventListener('abort', cancel, { once: true });
						try {
							return (await query) as unknown as R[];
						} finally {
							signal?.removeEventListener('abort', cancel);
						}
					},
					async exec(script: string) {
						// Without parameters postgres.js uses the simple protocol: several statements at once.
						await t.unsafe(script);
					}
				})
			)
			.catch((e: unknown) => {
				throw classifyDatabaseError(e);
			});

	return {
		kind: 'postgres',
		asOwner,
		asUser: asUserVia(asOwner),
		async listen(channel, onPayload) {
			// postgres.js keeps one dedicated connection for all LISTENs and re-listens after a
			// reconnect, with backoff. Through Supabase's transaction pooler (6543) LISTEN never fires.
			const listener = await sql
				.listen(channel, (payload) => onPayload(payload))
				.catch((e: unknown) => {
					throw classifyDatabaseError(e);
				});
			return async () => {
				// Unlistening on a connection that is down has nothing left to undo.
				await listener.unlisten().catch(() => {});
			};
		},
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
}
