// npm run db:schema — writes supabase/schema.sql: the schema of a freshly migrated embedded
// (PGlite) database, read from its catalogue in a stable order (src/lib/server/db/describe-schema.ts).
// Needs no database of its own: it migrates a temporary one and removes it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSchema } from '../src/lib/server/db/describe-schema.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { openPglite } from '../src/lib/server/db/pglite.ts';
import { readSqlFiles, root } from './sql-files.ts';
import { runCli } from './cli.ts';

export const SCHEMA_FILE = join(root, 'supabase', 'schema.sql');

await runCli(async () => {
	const dir = mkdtempSync(join(tmpdir(), 'mapa-schema-'));
	try {
		const db = await openPglite(dir);
		try {
			const { migrations, bootstrap } = readSqlFiles();
			await migrate(db, migrations, bootstrap);
			writeFileSync(SCHEMA_FILE, await db.asOwner((tx) => describeSchema(tx, migrations)));
		} finally {
			await db.close();
		}
		console.log(`Zapisano ${SCHEMA_FILE}.`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
