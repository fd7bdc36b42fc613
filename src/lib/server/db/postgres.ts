import postgres from 'postgres';
import { asUserVia } from './claims.ts';
import { StartupError, type Database, type OwnerTx } from './types.ts';

function describeTarget(url: string): string {
	try {
		const u = new URL(url);
		return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
	} catch {
		return '(nieprawidłowy DATABASE_URL)';
	}
}

/** Any PostgreSQL with PostGIS (CI, self-hosting, Supabase's connection string) via postgres.js. */
export async function openPostgres(url: string): Promise<Database> {
	const target = describeTarget(url);
	const sql = postgres(url, {
		max: 10,
		onnotice: () => {},
		// Supabase's transaction pooler (port 6543) does not support prepared statements.
		prepare: !/:6543(\/|$)/.test(url),
		connect_timeout: 10
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

	const asOwner = <T>(fn: (tx: OwnerTx) => Promise<T>): Promise<T> =>
		sql.begin(async (t) =>
			fn({
				async query<R>(text: string, params: unknown[] = []) {
					return (await t.unsafe(
						text,
						params as postgres.ParameterOrJSON<never>[]
					)) as unknown as R[];
				},
				async exec(script: string) {
					// Without parameters postgres.js uses the simple protocol: several statements at once.
					await t.unsafe(script);
				}
			})
		) as Promise<T>;

	return {
		kind: 'postgres',
		asOwner,
		asUser: asUserVia(asOwner),
		async listen(channel, onPayload) {
			// postgres.js keeps one dedicated connection for all LISTENs and re-listens after a
			// reconnect. Through Supabase's transaction pooler (6543) LISTEN never fires.
			const { unlisten } = await sql.listen(channel, (payload) => onPayload(payload));
			return () => unlisten();
		},
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
}
