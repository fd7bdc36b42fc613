import { existsSync, openAsBlob, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lockHolder } from '../db/lock.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import type { AppEnv } from '../env.ts';
import { openContainer } from './container.ts';
import {
	BackupError,
	describeDatabase,
	majorVersion,
	uploadsDir,
	type Counts,
	type Manifest
} from './manifest.ts';
import { checkRestoreTool, pgRestore, pgRestoreList } from './pg-tools.ts';
import type { DatabaseInfo } from './snapshot.ts';

const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

// Roles are cluster-wide, so pg_dump does not carry them; the dump grants to these. The same
// definitions as supabase/local/bootstrap.sql, which the app applies again at its next start.
const API_ROLES = `
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;`;

/** Refuses any target that is not empty, before the backup file is even read. */
async function checkTarget(env: AppEnv, photosDir: string): Promise<void> {
	if (!env.databaseUrl) {
		const dir = resolve(env.dataDir);
		const holder = lockHolder(dir);
		if (holder !== null)
			throw new BackupError(
				`Katalog danych ${dir} jest używany przez działający proces (pid ${holder}): zatrzymaj serwer.`
			);
		if (!isEmptyDir(join(dir, 'pgdata')))
			throw new BackupError(
				`W katalogu ${dir} jest już baza (pgdata): odtwarzaj do nowego, pustego DATA_DIR. Niczego nie zmieniono.`
			);
	} else {
		await checkEmptyDatabase(env.databaseUrl);
	}
	if (!isEmptyDir(photosDir))
		throw new BackupError(
			`Katalog zdjęć ${photosDir} nie jest pusty: odtwarzaj do nowego DATA_DIR. Niczego nie zmieniono.`
		);
}

async function checkEmptyDatabase(url: string): Promise<void> {
	const db = await openPostgres(url).catch((e: Error) => {
		// 3D000 invalid_catalog_name: pg_restore fills an existing database, it does not create one.
		if (!/3D000/.test(e.message)) throw e;
		const name = decodeURIComponent(new URL(url).pathname.slice(1));
		throw new BackupError(
			`Baza docelowa ${name} nie istnieje: utwórz pustą bazę (createdb ${name}) i powtórz odtwarzanie.`
		);
	});
	try {
		const [row] = await db.asOwner((tx) =>
			tx.query<{ used: boolean; supabase: boolean; db: string }>(
				`select current_database() as db,
				        exists (select 1 from pg_roles where rolname = 'supabase_admin') as supabase,
				        (to_regclass('public.needs') is not null
				         or to_regclass('supabase_migrations.schema_migrations') is not null
				         or to_regnamespace('private') is not null
				         or to_regnamespace('auth') is not null) as used`
			)
		);
		if (row.supabase)
			throw new BackupError(
				'Baza docelowa jest projektem Supabase: odtwarzaj według instrukcji Supabase (README, „Kopie zapasowe”); db:restore odtwarza do zwykłego PostgreSQL.'
			);
		if (row.used)
			throw new BackupError(
				`Baza docelowa ${row.db} nie jest pusta (ma schematy lub tabele aplikacji): utwórz nową, pustą bazę ` +
					`(createdb) i wskaż ją w DATABASE_URL. Niczego nie zmieniono.`
			);
	} finally {
		await db.close();
	}
}

function checkBackend(env: AppEnv, manifest: Manifest): void {
	if (manifest.backend === 'postgres' && !env.databaseUrl)
		throw new BackupError(
			'To kopia bazy PostgreSQL: ustaw DATABASE_URL na nową, pustą bazę i powtórz odtwarzanie.'
		);
	if (manifest.backend === 'pglite' && env.databaseUrl)
		throw new BackupError(
			'To kopia wbudowanej bazy (PGlite): odtwarzaj bez DATABASE_URL, do pustego DATA_DIR.'
		);
}

/**
 * `npm run db:restore FILE`: into an empty database (PostgreSQL) or an empty DATA_DIR (embedded),
 * photos into DATA_DIR/uploads. Migrations are in the copy, so the app then starts on it normally.
 */
export async function restoreBackup(
	env: AppEnv,
	file: string,
	options: { log?: (line: string) => void } = {}
): Promise<{ manifest: Manifest; info: DatabaseInfo; photos: number }> {
	const log = options.log ?? (() => {});
	const dataDir = resolve(env.dataDir);
	const photosDir = uploadsDir(dataDir);
	if (!existsSync(file)) throw new BackupError(`Plik kopii ${file} nie istnieje.`);
	await checkTarget(env, photosDir);

	await mkdir(dataDir, { recursive: true });
	const stage = await mkdtemp(join(dataDir, '.restore-'));
	try {
		const opened = await openContainer(file, stage, { keepUploads: true });
		const { manifest } = opened;
		checkBackend(env, manifest);
		log(`Kopia z ${manifest.created_at} (${manifest.backend}) jest kompletna; odtwarzam bazę…`);

		let info: DatabaseInfo;
		if (env.databaseUrl) {
			await checkRestoreTool(manifest.database.tool);
			const db = await openPostgres(env.databaseUrl);
			try {
				const [{ v }] = await db.asOwner((tx) =>
					tx.query<{ v: string }>("select current_setting('server_version') as v")
				);
				const source = majorVersion(manifest.database.server_version) ?? 0;
				if ((majorVersion(v) ?? 0) < source)
					throw new BackupError(
						`Baza docelowa ma PostgreSQL ${v}, starszy niż źródłowy ${manifest.database.server_version}: odtwarzaj do tej samej lub nowszej wersji.`
					);
				await db.asOwner((tx) => tx.exec(API_ROLES));
			} finally {
				await db.close();
			}
			await pgRestore(env.databaseUrl, opened.database);
			const restored = await openPostgres(env.databaseUrl);
			info = await restored.asOwner(describeDatabase).finally(() => restored.close());
		} else {
			const pgDir = join(dataDir, 'pgdata');
			let db;
			try {
				db = await openPglite(dataDir, { loadDataDir: await openAsBlob(opened.database) });
			} catch (e) {
				await rm(pgDir, { recursive: true, force: true });
				throw new BackupError(
					`Nie udało się otworzyć bazy z kopii (${e instanceof Error ? e.message : String(e)}); katalog pgdata usunięto.`
				);
			}
			info = await db.asOwner(describeDatabase).finally(() => db.close());
		}

		if (opened.uploads) {
			if (existsSync(photosDir)) await rmdir(photosDir);
			await rename(opened.uploads, photosDir);
		}
		const photos = manifest.uploads.files.length;
		if (photos > 0 && env.supabase?.serviceRoleKey)
			log(
				`Uwaga: zdjęcia (${photos}) są w ${photosDir}, a aplikacja jest ustawiona na Supabase Storage: wgraj je do kubełka.`
			);
		return { manifest, info, photos };
	} finally {
		await rm(stage, { recursive: true, force: true });
	}
}

/**
 * `npm run db:restore -- --check FILE`: reads the whole file and checks every checksum; an
 * embedded snapshot is opened in a scratch directory and counted, a pg_dump archive is listed by
 * pg_restore. Writes nothing outside a temporary directory.
 */
export async function checkBackup(
	file: string
): Promise<{ manifest: Manifest; counts: Counts; opened: boolean }> {
	const stage = await mkdtemp(join(tmpdir(), 'mapa-kopia-check-'));
	try {
		const { manifest, database } = await openContainer(file, stage, { keepUploads: false });
		if (manifest.backend === 'postgres') {
			await checkRestoreTool(manifest.database.tool);
			await pgRestoreList(database);
			return { manifest, counts: manifest.counts, opened: false };
		}
		const db = await openPglite(join(stage, 'db'), { loadDataDir: await openAsBlob(database) });
		const info = await db.asOwner(describeDatabase).finally(() => db.close());
		return { manifest, counts: info.counts, opened: true };
	} finally {
		await rm(stage, { recursive: true, force: true });
	}
}
