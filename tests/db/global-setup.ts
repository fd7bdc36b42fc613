import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { regionPaths, seed } from '../../src/lib/server/seed/seed.ts';
import { readSqlFiles, root } from '../../scripts/sql-files.ts';
import { DB_WORKERS, workerDatabaseUrl } from './paths.ts';
import { ensureTemplate } from './template.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The PostgreSQL database of each Vitest worker (index = VITEST_POOL_ID - 1), if any. */
		workerDatabases: string[];
	}
}

/**
 * Before the database tests: the PGlite template every file copies (tests/db/template.ts), and,
 * with DATABASE_URL set, the same migrations and seed on that PostgreSQL database, which is then
 * cloned once per Vitest worker (`create database … template`), so that files running side by
 * side never see each other's rows (tests/db/worker-database.ts points each worker at its own).
 */
export default async function setup(project: TestProject) {
	await ensureTemplate();

	const url = process.env.DATABASE_URL;
	if (!url) return project.provide('workerDatabases', []);
	const { migrations, bootstrap } = readSqlFiles();
	const db = await openPostgres(url);
	await migrate(db, migrations, bootstrap);
	await seed(db, { ...regionPaths(root, 'kramsk'), demo: false });
	await db.close();

	// The template database must have no other sessions while it is copied: the copies are made
	// from the maintenance database `postgres`.
	const template = new URL(url).pathname.slice(1);
	const sql = postgres(workerDatabaseUrl(url, 'postgres'), { max: 1, onnotice: () => {} });
	const urls: string[] = [];
	try {
		for (let i = 1; i <= DB_WORKERS; i++) {
			const name = `${template}_w${i}`;
			await sql`drop database if exists ${sql(name)} with (force)`;
			await sql`create database ${sql(name)} template ${sql(template)}`;
			urls.push(workerDatabaseUrl(url, name));
		}
	} catch (e) {
		throw new Error(
			`Could not copy ${template} for the Vitest workers (the role needs CREATEDB): ${(e as Error).message}`,
			{ cause: e }
		);
	} finally {
		await sql.end();
	}
	project.provide('workerDatabases', urls);
}
