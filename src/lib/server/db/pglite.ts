import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { postgis } from '@electric-sql/pglite-postgis';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { asUserVia } from './claims.ts';
import { acquireDirLock } from './lock.ts';
import { StartupError, type Database, type OwnerTx } from './types.ts';

/**
 * Embedded PostgreSQL 18 + PostGIS in WebAssembly, persisted in `dataDir` (the default backend).
 * `loadDataDir` fills an empty directory from a `snapshot()` first (restoring a backup).
 */
export async function openPglite(
	dataDir: string,
	options: { loadDataDir?: Blob } = {}
): Promise<Database> {
	const dir = resolve(dataDir);
	const pgDir = resolve(dir, 'pgdata');
	try {
		mkdirSync(pgDir, { recursive: true });
	} catch (e) {
		throw new StartupError(
			`Nie można utworzyć katalogu danych ${dir} (${(e as NodeJS.ErrnoException).code}). Ustaw DATA_DIR na katalog z prawem zapisu.`
		);
	}
	// PGlite is single-process: two servers on one directory would corrupt it.
	const release = acquireDirLock(dir);
	let pg: PGlite;
	try {
		pg = await PGlite.create({
			dataDir: pgDir,
			extensions: { postgis, pg_trgm, pgcrypto },
			loadDataDir: options.loadDataDir
		});
		await pg.query('select 1');
	} catch (e) {
		release();
		throw new StartupError(
			`Baza w katalogu ${pgDir} jest uszkodzona albo pochodzi z innej wersji (${e instanceof Error ? e.message : String(e)}). ` +
				'Przywróć kopię zapasową katalogu albo przenieś go w inne miejsce — przy następnym starcie powstanie nowa baza.'
		);
	}

	const asOwner = <T>(fn: (tx: OwnerTx) => Promise<T>, signal?: AbortSignal): Promise<T> =>
		pg.transaction(async (t) =>
			fn({
				async query<R>(sql: string, params: unknown[] = []) {
					// The one connection runs a query to its end (no cancel in WebAssembly); a request
					// whose client has gone starts no further query, so it stops holding it for others.
					signal?.throwIfAborted();
					const result = await t.query<R>(sql, params);
					return result.rows;
				},
				async exec(script: string) {
					await t.exec(script);
				}
			})
		);

	return {
		kind: 'pglite',
		asOwner,
		asUser: asUserVia(asOwner),
		async listen(channel, onPayload) {
			// PGlite is one in-process backend: its own NOTIFYs are delivered to its LISTENs.
			const unlisten = await pg.listen(channel, onPayload);
			return () => unlisten();
		},
		async snapshot() {
			// A checkpoint first keeps the WAL that a restore replays short. The copy itself is made
			// while this connection's transaction lock is held, so no other transaction is open: the
			// files are those of a cleanly committed state, which PostgreSQL starts from as after a
			// crash (WAL replay). PGlite reads the files synchronously, so nothing writes meanwhile.
			await pg.query('checkpoint');
			const tar = await pg.transaction(() => pg.dumpDataDir('none'));
			return new Uint8Array(await tar.arrayBuffer());
		},
		async close() {
			await pg.close();
			release();
		}
	};
}
