import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { StartupError } from '../../src/lib/server/db/types.ts';
import { root } from '../../scripts/sql-files.ts';
import { SCRATCH_DIR, TEMPLATE_DIR } from './paths.ts';

// Issue #2, "Bad input and faults": one clear line, naming what to fix, and a non-zero exit.
describe('start-up faults', () => {
	it('an unreachable DATABASE_URL gives one line naming the host', async () => {
		const error = await openPostgres('postgres://nobody:secret@127.0.0.1:1/mapa').catch(
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(StartupError);
		const message = (error as Error).message;
		expect(message).toContain('127.0.0.1:1');
		expect(message).not.toContain('secret');
		expect(message).not.toContain('\n');
	});

	it('db:migrate exits non-zero with that line and no stack trace', () => {
		const run = spawnSync(process.execPath, [join(root, 'scripts', 'db-migrate.ts')], {
			env: { ...process.env, DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/mapa' },
			encoding: 'utf8',
			timeout: 30_000
		});
		expect(run.status).toBe(1);
		const lines = run.stderr.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^Błąd: Nie można połączyć się z bazą PostgreSQL 127\.0\.0\.1:1/);
	});

	it('a DATA_DIR in use by another process is refused with the pid', async () => {
		mkdirSync(SCRATCH_DIR, { recursive: true });
		const dir = mkdtempSync(join(SCRATCH_DIR, 'locked-'));
		cpSync(TEMPLATE_DIR, dir, { recursive: true });
		// PID 1 is always alive: another process holds the directory.
		writeFileSync(join(dir, '.lock'), '1');
		const error = await openPglite(dir).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(StartupError);
		expect((error as Error).message).toContain('pid 1');
		// A stale lock (dead process) is taken over.
		writeFileSync(join(dir, '.lock'), '999999999');
		const db = await openPglite(dir);
		await db.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('a corrupt DATA_DIR says what to do', async () => {
		mkdirSync(SCRATCH_DIR, { recursive: true });
		const dir = mkdtempSync(join(SCRATCH_DIR, 'corrupt-'));
		mkdirSync(join(dir, 'pgdata', 'base'), { recursive: true });
		writeFileSync(join(dir, 'pgdata', 'PG_VERSION'), 'garbage');
		const error = await openPglite(dir).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(StartupError);
		expect((error as Error).message).toMatch(/uszkodzona.*Przywróć kopię zapasową/);
		rmSync(dir, { recursive: true, force: true });
	});
});
