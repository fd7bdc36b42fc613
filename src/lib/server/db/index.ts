import bootstrap from '../../../../supabase/local/bootstrap.sql?raw';
import { readEnv, type AppEnv } from '../env.ts';
import { startDatabase } from './start.ts';
import type { Database } from './types.ts';

// Bundled into the server build, so a deployed build migrates itself without the source tree.
const migrationSources = import.meta.glob<string>('../../../../supabase/migrations/*.sql', {
	query: '?raw',
	import: 'default',
	eager: true
});

const migrations = Object.entries(migrationSources).map(([path, sql]) => ({
	name: path.slice(path.lastIndexOf('/') + 1),
	sql
}));

/** Names of the migration files bundled into this build, for the readiness probe. */
export const bundledMigrationNames: readonly string[] = migrations.map((m) => m.name);

let database: Promise<Database> | undefined;

let appEnv: AppEnv | undefined;

/** Environment, validated on first use (at server start, from the init hook). */
export function getEnv(): AppEnv {
	appEnv ??= readEnv();
	return appEnv;
}

/** The app's database, opened, migrated and seeded once per process. */
export function getDatabase(): Promise<Database> {
	database ??= startDatabase({
		env: getEnv(),
		migrations,
		bootstrap,
		root: process.cwd(),
		log: (line) => console.log(line)
	});
	return database;
}

export interface AppSecrets {
	/** Key for HMACs: status links, device tokens, IP addresses. Stored in private.app_secrets. */
	hmac: string;
}

let secrets: Promise<AppSecrets> | undefined;

/**
 * Read once as the owner: maintenance data, never reachable by a request role. Loaded at start-up
 * (init hook); a failed read (database unreachable) is not kept, the next call tries again.
 */
export function getSecrets(): Promise<AppSecrets> {
	secrets ??= getDatabase()
		.then(async (db) => {
			const rows = await db.asOwner((tx) =>
				tx.query<{ value: string }>("select value from private.app_secrets where name = 'hmac'")
			);
			if (!rows[0]) throw new Error('private.app_secrets has no hmac secret');
			return { hmac: rows[0].value };
		})
		.catch((e: unknown) => {
			secrets = undefined;
			throw e;
		});
	return secrets;
}
