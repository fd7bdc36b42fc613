import {
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { regionPaths, seed } from '../../src/lib/server/seed/seed.ts';
import { readSqlFiles, root } from '../../scripts/sql-files.ts';
import { TEMPLATE_DIR } from './paths.ts';

/**
 * Builds one migrated and seeded PGlite data directory per schema version, which every test file
 * copies (PostGIS load + seeding takes ~25 s; opening a copy ~3 s). With DATABASE_URL set, the
 * same migrations and seed run on that PostgreSQL database, so the tests cover both backends.
 */
export default async function setup() {
	const { migrations, bootstrap } = readSqlFiles();
	const paths = regionPaths(root, 'kramsk');
	const fingerprint = createHash('sha256')
		.update(bootstrap)
		.update(migrations.map((m) => m.name + m.sql).join('\n'))
		.update(readFileSync(join(paths.regionDir, 'address_points.csv')))
		.update(
			readdirSync(paths.legalDir)
				.map((f) => readFileSync(join(paths.legalDir, f), 'utf8'))
				.join('\n')
		)
		.digest('hex');
	const stamp = join(TEMPLATE_DIR, 'fingerprint');

	if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== fingerprint) {
		rmSync(TEMPLATE_DIR, { recursive: true, force: true });
		mkdirSync(TEMPLATE_DIR, { recursive: true });
		const building = `${TEMPLATE_DIR}.building`;
		rmSync(building, { recursive: true, force: true });
		const db = await openPglite(building);
		await migrate(db, migrations, bootstrap);
		await seed(db, { ...paths, demo: false });
		await db.close();
		rmSync(TEMPLATE_DIR, { recursive: true, force: true });
		cpSync(building, TEMPLATE_DIR, { recursive: true });
		rmSync(building, { recursive: true, force: true });
		writeFileSync(stamp, fingerprint);
	}

	const url = process.env.DATABASE_URL;
	if (url) {
		const db = await openPostgres(url);
		await migrate(db, migrations, bootstrap);
		await seed(db, { ...paths, demo: false });
		await db.close();
	}
}
