import type { AppEnv } from '../env.ts';
import { regionPaths, seed } from '../seed/seed.ts';
import { migrate, type SqlFile } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './types.ts';

export function openDatabase(env: AppEnv): Promise<Database> {
	return env.databaseUrl ? openPostgres(env.databaseUrl) : openPglite(env.dataDir);
}

export interface StartOptions {
	env: AppEnv;
	migrations: SqlFile[];
	bootstrap: string;
	/** Project root holding data/regions and data/demo. */
	root: string;
	log?: (line: string) => void;
}

/** Opens the configured backend, applies pending migrations and seeds what is missing. */
export async function startDatabase(opts: StartOptions): Promise<Database> {
	const db = await openDatabase(opts.env);
	try {
		await migrate(db, opts.migrations, opts.bootstrap, opts.log);
		await seed(db, {
			...regionPaths(opts.root, opts.env.region),
			demo: opts.env.demo,
			log: opts.log
		});
		return db;
	} catch (e) {
		await db.close().catch(() => {});
		throw e;
	}
}
