import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSchema } from '../../src/lib/server/db/describe-schema.ts';
import type { Database } from '../../src/lib/server/db/types.ts';
import { readSqlFiles, root } from '../../scripts/sql-files.ts';
import { backends } from './backends.ts';

// supabase/schema.sql is the reviewable picture of what the migrations build. It is generated
// from an embedded (PGlite) database, so it is compared there: PostgreSQL 15 deparses a few
// expressions in other words.
const pglite = backends.filter((b) => b.name === 'pglite');
const { migrations } = readSqlFiles();
const schemaFile = () => readFileSync(join(root, 'supabase', 'schema.sql'), 'utf8');

describe.each(pglite)('supabase/schema.sql on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	it('describes the schema the migrations build (after a change: npm run db:schema)', async () => {
		const current = await db.asOwner((tx) => describeSchema(tx, migrations));
		const file = schemaFile();
		expect(
			current === file,
			'supabase/schema.sql is stale: run `npm run db:schema` and commit the file'
		).toBe(true);
	});

	it('is the same text however often it is read', async () => {
		const read = () => db.asOwner((tx) => describeSchema(tx, migrations));
		const [a, b] = [await read(), await read()];
		expect(a).toBe(b);
		expect(a).toContain('create table public.needs (');
	});

	it('names the migration that defines each function instead of restating its body', () => {
		const file = schemaFile();
		expect(file).not.toMatch(/^create (or replace )?function/im);
		const named = [
			...file.matchAll(/^-- function (\w+)\.(\w+)\(.*\n.*\n-- {3}defined in (\S+)$/gm)
		];
		expect(named.length).toBeGreaterThan(100);
		for (const [, schema, name, path] of named) {
			const sql = readFileSync(join(root, path), 'utf8');
			expect(sql, `${path} defines ${schema}.${name}`).toMatch(
				new RegExp(`create\\s+(or\\s+replace\\s+)?function\\s+${schema}\\.${name}\\s*\\(`, 'i')
			);
		}
	});

	it('goes stale when a later migration restates a function', async () => {
		const later = {
			name: '99991231000000_later.sql',
			sql: 'create or replace function private.area_id(p_kind text) returns bigint ...'
		};
		const text = await db.asOwner((tx) => describeSchema(tx, [...migrations, later]));
		expect(text).toContain('defined in supabase/migrations/99991231000000_later.sql');
		expect(text).not.toBe(schemaFile());
	});
});
