import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSchema } from '../../src/lib/server/db/describe-schema.ts';
import type { Database } from '../../src/lib/server/db/types.ts';
import { root } from '../../scripts/sql-files.ts';
import { backends } from './backends.ts';

// supabase/schema.sql is the reviewable picture of what the migrations build. It is generated
// from an embedded (PGlite) database, so it is compared there: PostgreSQL 15 deparses a few
// expressions in other words.
const pglite = backends.filter((b) => b.name === 'pglite');

describe.each(pglite)('supabase/schema.sql on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	it('describes the schema the migrations build (after a change: npm run db:schema)', async () => {
		const current = await db.asOwner(describeSchema);
		const file = readFileSync(join(root, 'supabase', 'schema.sql'), 'utf8');
		expect(
			current === file,
			'supabase/schema.sql is stale: run `npm run db:schema` and commit the file'
		).toBe(true);
	});

	it('is the same text however often it is read', async () => {
		const [a, b] = [await db.asOwner(describeSchema), await db.asOwner(describeSchema)];
		expect(a).toBe(b);
		expect(a).toContain('create table public.needs (');
	});
});
