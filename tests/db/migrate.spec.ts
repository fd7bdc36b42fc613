import postgres from 'postgres';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationError } from '../../src/lib/server/db/migrate.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import type { Database } from '../../src/lib/server/db/types.ts';
import { regionPaths, seed } from '../../src/lib/server/seed/seed.ts';
import { readSqlFiles, root } from '../../scripts/sql-files.ts';
import { backends, tryAs, claims } from './backends.ts';

const { migrations, bootstrap } = readSqlFiles();
const broken = {
	name: '29991231235959_broken.sql',
	sql: 'create table public.zz_half_done (id int); select 1 / 0;'
};

describe.each(backends)('migration runner on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	it('records every migration in supabase_migrations.schema_migrations and is idempotent', async () => {
		const applied = await migrate(db, migrations, bootstrap);
		expect(applied).toEqual([]);
		const rows = await db.asOwner((tx) =>
			tx.query<{ version: string; name: string }>(
				'select version, name from supabase_migrations.schema_migrations order by version'
			)
		);
		expect(rows.map((r) => `${r.version}_${r.name}.sql`)).toEqual(
			migrations.map((m) => m.name).sort()
		);
	});

	it('rolls a failing migration back whole and names it', async () => {
		const error = await migrate(db, [...migrations, broken], bootstrap).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MigrationError);
		expect((error as MigrationError).message).toContain('29991231235959_broken.sql');
		const [state] = await db.asOwner((tx) =>
			tx.query<{ table_exists: boolean; recorded: boolean }>(
				`select to_regclass('public.zz_half_done') is not null as table_exists,
				        exists (select 1 from supabase_migrations.schema_migrations where version = '29991231235959') as recorded`
			)
		);
		expect(state).toEqual({ table_exists: false, recorded: false });
	});

	it('seeding twice leaves the same rows', async () => {
		const count = () =>
			tryAs(
				db,
				claims.anon,
				async (tx) =>
					(
						await tx.query<{ n: string }>(
							'select ((select count(*) from public.localities) + (select count(*) from public.address_points) + (select count(*) from public.solectwo_localities))::text as n'
						)
					)[0].n
			);
		const before = await count();
		await seed(db, { ...regionPaths(root, 'kramsk'), demo: false, force: true });
		expect(await count()).toBe(before);
		// 65 localities + 3,829 PRG address points + the memberships listed in solectwa.csv.
		const memberships = readFileSync(join(root, 'data/regions/kramsk/solectwa.csv'), 'utf8')
			.split('\n')
			.slice(1)
			.filter(Boolean)
			.reduce((n, line) => n + line.split(',')[1].split(';').length, 0);
		expect(Number(before)).toBe(65 + 3829 + memberships);
	});
});

// "npm run db:migrate applies cleanly to an empty database", on real PostgreSQL.
describe.runIf(process.env.DATABASE_URL)('migrations on an empty PostgreSQL database', () => {
	const adminUrl = process.env.DATABASE_URL as string;
	const name = `mapa_empty_${process.pid}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	let db: Database | undefined;

	beforeAll(async () => {
		await admin`drop database if exists ${admin(name)}`;
		await admin`create database ${admin(name)}`;
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		db = await openPostgres(url.toString());
	});
	afterAll(async () => {
		await db?.close();
		await admin`drop database if exists ${admin(name)}`;
		await admin.end();
	});

	it('applies the bootstrap and all migrations, with RLS on every public table', async () => {
		if (!db) throw new Error('no database');
		const applied = await migrate(db, migrations, bootstrap);
		expect(applied).toHaveLength(migrations.length);
		const offenders = await db.asOwner((tx) =>
			tx.query<{ relname: string }>(
				`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				 where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity`
			)
		);
		expect(offenders).toEqual([]);
		const [ext] = await db.asOwner((tx) =>
			tx.query<{ schema: string }>(
				"select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'postgis'"
			)
		);
		expect(ext.schema).toBe('extensions');
	});
});
