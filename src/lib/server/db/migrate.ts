import { ADVISORY_LOCK, holdAdvisoryLock } from './lock.ts';
import type { Database, OwnerTx } from './types.ts';

export interface SqlFile {
	/** File name, e.g. `20261205000400_regions.sql`. */
	name: string;
	sql: string;
}

export class MigrationError extends Error {
	override name = 'MigrationError';
	readonly file: string;
	constructor(file: string, cause: unknown) {
		super(
			`Migracja ${file} nie powiodła się i została wycofana w całości: ${cause instanceof Error ? cause.message : String(cause)}`
		);
		this.file = file;
	}
}

const MIGRATION_NAME = /^(\d{14})_([a-z0-9_]+)\.sql$/;

// The table the Supabase CLI uses, so that `supabase db push` and this runner agree.
const CREATE_HISTORY = `
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text not null primary key,
  statements text[],
  name text
);`;

/**
 * Runs `fn` in one owner transaction that first takes the migration lock, a transaction-level
 * advisory lock: runners on one database (two app processes starting together, `npm run
 * db:migrate` beside a running start-up) take turns at every step, so `create schema if not
 * exists`, `create extension if not exists` and `create or replace function` in the bootstrap never
 * race (PostgreSQL runs those checks without a lock: two at once fail with a unique violation or
 * "tuple concurrently updated"). The lock goes with the transaction, also through Supabase's
 * transaction pooler. A statement timeout the server or role may set for requests does not apply:
 * a migration on a large table and the wait for another runner may take longer.
 */
function underMigrationLock<T>(db: Database, fn: (tx: OwnerTx) => Promise<T>): Promise<T> {
	return db.asOwner(async (tx) => {
		await holdAdvisoryLock(tx, ADVISORY_LOCK.migration);
		return fn(tx);
	});
}

const IS_SUPABASE =
	"select exists (select 1 from pg_roles where rolname = 'supabase_admin') as supabase";

/**
 * Applies the local bootstrap (outside Supabase) and then every pending migration in order, each in
 * its own transaction together with its history row: a failing migration leaves no trace.
 */
export async function migrate(
	db: Database,
	files: SqlFile[],
	bootstrap: string,
	log: (line: string) => void = () => {}
): Promise<string[]> {
	const migrations = files
		.map((f) => ({ ...f, match: MIGRATION_NAME.exec(f.name) }))
		.filter((f) => {
			if (!f.match)
				throw new MigrationError(
					f.name,
					new Error('nazwa pliku nie ma postaci <14 cyfr>_<nazwa>.sql')
				);
			return true;
		})
		.sort((a, b) => a.name.localeCompare(b.name));

	const [{ supabase }] = await db.asOwner((tx) => tx.query<{ supabase: boolean }>(IS_SUPABASE));
	if (!supabase) {
		try {
			await underMigrationLock(db, (tx) => tx.exec(bootstrap));
		} catch (e) {
			throw new MigrationError('supabase/local/bootstrap.sql', e);
		}
	}
	await underMigrationLock(db, (tx) => tx.exec(CREATE_HISTORY));

	const applied: string[] = [];
	for (const m of migrations) {
		const [, version, name] = m.match ?? [];
		try {
			const done = await underMigrationLock(db, async (tx) => {
				// Checked under the lock: a runner that waited finds the migration applied.
				const rows = await tx.query(
					'select 1 from supabase_migrations.schema_migrations where version = $1',
					[version]
				);
				if (rows.length > 0) return false;
				await tx.exec(m.sql);
				await tx.query(
					'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
					[version, name, [m.sql]]
				);
				return true;
			});
			if (done) {
				applied.push(m.name);
				log(`migracja ${m.name}: zastosowana`);
			}
		} catch (e) {
			throw new MigrationError(m.name, e);
		}
	}
	return applied;
}
