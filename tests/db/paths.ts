import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { root } from '../../scripts/sql-files.ts';

export const TEMPLATE_DIR = join(root, '.data-test', 'template');
export const SCRATCH_DIR = join(root, '.data-test', 'scratch');

/**
 * How many database test files run side by side (vite.config.ts): one per core, at most 4. Each
 * file has its own PGlite copy; on PostgreSQL each worker has its own database.
 */
export const DB_WORKERS = Math.max(1, Math.min(4, availableParallelism()));

/** `url` with another database name. */
export function workerDatabaseUrl(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}
