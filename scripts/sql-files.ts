import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlFile } from '../src/lib/server/db/migrate.ts';

export const root = join(import.meta.dirname, '..');

/** The migrations and the local bootstrap, read from the source tree (CLI scripts and tests). */
export function readSqlFiles(): { migrations: SqlFile[]; bootstrap: string } {
	const dir = join(root, 'supabase', 'migrations');
	const migrations = readdirSync(dir)
		.filter((name) => name.endsWith('.sql'))
		.map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
	return {
		migrations,
		bootstrap: readFileSync(join(root, 'supabase', 'local', 'bootstrap.sql'), 'utf8')
	};
}
