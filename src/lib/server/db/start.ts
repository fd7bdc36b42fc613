import type { AppEnv } from '../env.ts';
import { applyRateRules } from '../guard/rules.ts';
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

/**
 * Opens the configured backend, applies pending migrations, seeds what is missing and stores the
 * RATE_LIMIT_* settings where the guarded write functions read them.
 */
export async function startDatabase(opts: StartOptions): Promise<Database> {
	const db = await openDatabase(opts.env);
	try {
		await migrate(db, opts.migrations, opts.bootstrap, opts.log);
		await seed(db, {
			...regionPaths(opts.root, opts.env.region),
			demo: opts.env.demo,
			log: opts.log
		});
		await db.asOwner((tx) => applyRateRules(tx, opts.env.rateLimits));
		return db;
	} catch (e) {
		await db.close().catch(() => {});
		throw e;
	}
}
