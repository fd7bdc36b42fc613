import type { AppEnv } from '../env.ts';
import { applyRateRules } from '../guard/rules.ts';
import { regionPaths, seed } from '../seed/seed.ts';
import { migrate, type SqlFile } from './migrate.ts';
import { ADVISORY_LOCK, holdAdvisoryLock } from './lock.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './types.ts';

export function openDatabase(env: AppEnv): Promise<Database> {
	return env.databaseUrl ? openPostgres(env.databaseUrl) : openPglite(env.dataDir);
}

/**
 * Runs `fn` while this process holds the database's start-up lock: processes starting together on
 * one PostgreSQL (several app instances, a rolling restart) migrate, seed and store their rate
 * rules one after the other, and the later ones find the work done (the seed's "is the region
 * loaded?" check and its load are separate transactions: without the lock both would load it). The lock is a
 * transaction-level advisory lock held by an otherwise idle transaction on one pool connection while
 * `fn` works on the others: it is freed with the connection if the process dies, and it works
 * through Supabase's transaction pooler, where a session-level lock could stay behind on a server
 * connection another client gets next. The wait is not bounded by a request statement timeout, nor
 * the holder cut off as idle in transaction. PGlite needs none: one connection, and one process per
 * data directory (its directory lock).
 */
async function exclusively<T>(db: Database, fn: () => Promise<T>): Promise<T> {
	if (db.kind !== 'postgres') return fn();
	return db.asOwner(async (tx) => {
		await holdAdvisoryLock(tx, ADVISORY_LOCK.startup);
		return fn();
	});
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
 * RATE_LIMIT_* settings where the guarded write functions read them, one process at a time.
 */
export async function startDatabase(opts: StartOptions): Promise<Database> {
	const db = await openDatabase(opts.env);
	try {
		await exclusively(db, async () => {
			await migrate(db, opts.migrations, opts.bootstrap, opts.log);
			await seed(db, {
				...regionPaths(opts.root, opts.env.region),
				demo: opts.env.demo,
				log: opts.log
			});
			await db.asOwner((tx) => applyRateRules(tx, opts.env.rateLimits));
		});
		return db;
	} catch (e) {
		await db.close().catch(() => {});
		throw e;
	}
}
