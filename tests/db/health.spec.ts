import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationVersions, readiness } from '../../src/lib/server/runtime/health.ts';
import type { Database } from '../../src/lib/server/db/types.ts';
import { readSqlFiles } from '../../scripts/sql-files.ts';
import { backends } from './backends.ts';

// /readyz: ready when the database answers and has applied every migration the build bundles.
const bundled = migrationVersions(readSqlFiles().migrations.map((m) => m.name));

describe.each(backends)('readiness on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('is ready with every bundled migration applied', async () => {
		expect(bundled.length).toBeGreaterThan(10);
		expect(await readiness(db, bundled)).toEqual({ ready: true, database: 'ok', pending: [] });
	});

	it('names the migrations a newer build would still need', async () => {
		const state = await readiness(db, [...bundled, '29991231235959']);
		expect(state).toEqual({ ready: false, database: 'ok', pending: ['29991231235959'] });
	});

	it('reads migration versions from file names only', () => {
		expect(migrationVersions(['20261205000400_regions.sql', 'README.md'])).toEqual([
			'20261205000400'
		]);
	});
});

describe.skipIf(!process.env.DATABASE_URL)('readiness of a closed PostgreSQL pool', () => {
	it('is "unavailable", not an exception', async () => {
		const postgres = backends.find((b) => b.name === 'postgres');
		const db = await (postgres as (typeof backends)[number]).open();
		await db.close();
		const state = await readiness(db, bundled, 500);
		expect(state.ready).toBe(false);
		expect(state.database).toBe('unavailable');
		expect(state.error).toMatch(/chwilowo niedostępna/);
	});
});
