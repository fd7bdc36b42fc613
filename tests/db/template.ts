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
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireDirLock } from '../../src/lib/server/db/lock.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { StartupError } from '../../src/lib/server/db/types.ts';
import { regionPaths, seed } from '../../src/lib/server/seed/seed.ts';
import { readSqlFiles, root } from '../../scripts/sql-files.ts';
import { TEMPLATE_DIR } from './paths.ts';

/**
 * The migrated and seeded PGlite data directory (the Kramsk region, no demo data) that every
 * database test file, the in-process app (tests/http/app.ts) and the browser suite's servers
 * copy: PostGIS load + seeding takes ~25 s, copying and opening a copy ~3 s. It is built again
 * when the migrations, the bootstrap, the address points or the legal texts change (a
 * fingerprint of them is stored beside it). Several processes may ask at once (Vitest's global
 * setup, two browser-suite servers): one builds while the others wait on a lock.
 */
export async function ensureTemplate(): Promise<void> {
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
	const current = () =>
		existsSync(stamp) &&
		readFileSync(stamp, 'utf8') === fingerprint &&
		existsSync(join(TEMPLATE_DIR, SECRET_FILE));
	if (current()) return;

	const parent = dirname(TEMPLATE_DIR);
	mkdirSync(parent, { recursive: true });
	const release = await lock(parent);
	try {
		if (current()) return; // built by the process that held the lock
		const building = `${TEMPLATE_DIR}.building`;
		rmSync(building, { recursive: true, force: true });
		const db = await openPglite(building);
		await migrate(db, migrations, bootstrap);
		await seed(db, { ...paths, demo: false });
		const [secret] = await db.asOwner((tx) =>
			tx.query<{ value: string }>("select value from private.app_secrets where name = 'hmac'")
		);
		await db.close();
		writeFileSync(join(building, SECRET_FILE), secret.value);
		rmSync(TEMPLATE_DIR, { recursive: true, force: true });
		cpSync(building, TEMPLATE_DIR, { recursive: true });
		rmSync(building, { recursive: true, force: true });
		writeFileSync(stamp, fingerprint);
	} finally {
		release();
	}
}

/** Beside the template: its HMAC secret, which every copy keeps (see templateSecret). */
const SECRET_FILE = 'hmac-secret';

/**
 * The HMAC secret of the template, and so of every database copied from it: the browser suite
 * signs the links a server would send by e-mail (follow confirmation, unsubscribe) with it, as
 * the in-process tests do with the database they hold.
 */
export function templateSecret(): string {
	return readFileSync(join(TEMPLATE_DIR, SECRET_FILE), 'utf8');
}

/** A private copy of the template in `dir` (created or emptied), ready for openPglite. */
export function copyTemplate(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
	cpSync(TEMPLATE_DIR, dir, { recursive: true });
	rmSync(join(dir, '.lock'), { force: true });
	rmSync(join(dir, 'fingerprint'), { force: true });
	rmSync(join(dir, SECRET_FILE), { force: true });
}

/** The app's own directory lock (pid file, stale locks taken over), waited for while held. */
async function lock(dir: string): Promise<() => void> {
	for (;;) {
		try {
			return acquireDirLock(dir);
		} catch (e) {
			if (!(e instanceof StartupError)) throw e;
			await sleep(500);
		}
	}
}
