import { existsSync, openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { openPostgres } from '../db/postgres.ts';
import type { AppEnv } from '../env.ts';
import { writeContainer } from './container.ts';
import { BackupError, describeDatabase, uploadsDir, type Manifest } from './manifest.ts';
import { pgDump, toolVersion } from './pg-tools.ts';
import { pgliteSnapshot } from './snapshot.ts';

/** `mapa-kopia-2026-12-01T021500Z.tar.gz` in the current directory. */
export function defaultBackupName(now = new Date()): string {
	return `mapa-kopia-${now.toISOString().replace(/[:-]|\.\d+/g, '')}.tar.gz`;
}

/** Photos are in DATA_DIR/uploads unless Supabase Storage holds them (photos/store.ts). */
export function photosInStorage(env: AppEnv): boolean {
	return Boolean(env.supabase?.serviceRoleKey);
}

/**
 * `npm run db:backup`: one file with the database (PostgreSQL: pg_dump; embedded: a PGlite
 * snapshot, also while the server runs) and the photos of DATA_DIR/uploads.
 */
export async function createBackup(
	env: AppEnv,
	options: { out?: string; log?: (line: string) => void; timeoutMs?: number } = {}
): Promise<{ file: string; manifest: Manifest }> {
	const log = options.log ?? (() => {});
	const now = new Date();
	const file = resolve(options.out ?? defaultBackupName(now));
	if (existsSync(file))
		throw new BackupError(`Plik ${file} już istnieje: podaj inną nazwę (--out).`);
	const inStorage = photosInStorage(env);
	const uploadsRoot = inStorage ? null : uploadsDir(env.dataDir);
	const base = {
		created_at: now.toISOString(),
		uploads: { location: inStorage ? ('supabase-storage' as const) : ('included' as const) }
	};

	let manifest: Manifest;
	if (env.databaseUrl) {
		// pg_dump writes beside the target file (same disk, same permissions), removed afterwards.
		const stage = await mkdtemp(`${dirname(file)}/.mapa-kopia-`);
		try {
			const db = await openPostgres(env.databaseUrl);
			const info = await db
				.asOwner(describeDatabase)
				.catch((e: { code?: string }) => {
					// 42P01 undefined_table: the database exists but the app never ran on it.
					if (e.code !== '42P01') throw e;
					throw new BackupError(
						'Baza z DATABASE_URL nie ma tabel aplikacji: nie ma czego kopiować.'
					);
				})
				.finally(() => db.close());
			const dump = `${stage}/database.pgdump`;
			await pgDump(env.databaseUrl, dump);
			manifest = await writeContainer(
				file,
				{
					...base,
					backend: 'postgres',
					database: { server_version: info.server_version, tool: await toolVersion('pg_dump') },
					migrations: info.migrations,
					counts: info.counts
				},
				await openAsBlob(dump),
				uploadsRoot
			);
		} finally {
			await rm(stage, { recursive: true, force: true });
		}
	} else {
		const snapshot = await pgliteSnapshot(env.dataDir, { log, timeoutMs: options.timeoutMs });
		try {
			manifest = await writeContainer(
				file,
				{
					...base,
					backend: 'pglite',
					database: { server_version: snapshot.info.server_version },
					migrations: snapshot.info.migrations,
					counts: snapshot.info.counts
				},
				snapshot.data,
				uploadsRoot
			);
		} finally {
			await snapshot.cleanup();
		}
	}
	return { file, manifest };
}
