import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { StartupError } from '../../src/lib/server/db/types.ts';
import { root } from '../../scripts/sql-files.ts';
import { SCRATCH_DIR } from './paths.ts';
import { copyTemplate } from './template.ts';

// Bad configuration at startup: one clear line, naming what to fix, and a non-zero exit.
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
		copyTemplate(dir);
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

	it('a read-only DATA_DIR gives one line, from the library and from a CLI', async (ctx) => {
		const dir = readOnlyDataDir();
		if (!dir) return ctx.skip();
		try {
			const error = await openPglite(dir.path).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(StartupError);
			expect((error as Error).message).toMatch(
				/Nie można zapisać w katalogu danych .*\((EROFS|EACCES)\)/
			);

			const run = spawnSync(process.execPath, [join(root, 'scripts', 'db-migrate.ts')], {
				env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir.path },
				encoding: 'utf8',
				timeout: 30_000
			});
			expect(run.status).toBe(1);
			const lines = run.stderr.trim().split('\n');
			expect(lines).toHaveLength(1);
			expect(lines[0]).toMatch(/^Błąd: Nie można zapisać w katalogu danych/);
		} finally {
			dir.cleanup();
		}
	});

	it('a lock that cannot be read is refused in one line too', async () => {
		mkdirSync(SCRATCH_DIR, { recursive: true });
		const dir = mkdtempSync(join(SCRATCH_DIR, 'badlock-'));
		mkdirSync(join(dir, '.lock'));
		const error = await openPglite(dir).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(StartupError);
		expect((error as Error).message).toContain('EISDIR');
		rmSync(dir, { recursive: true, force: true });
	});
});

/**
 * A data directory (with its pgdata/) the process cannot write to: permission bits for a normal
 * user; for root, who ignores them, a read-only bind mount when the machine allows one (EROFS,
 * as on a read-only volume). Null where neither works.
 */
function readOnlyDataDir(): { path: string; cleanup: () => void } | null {
	mkdirSync(SCRATCH_DIR, { recursive: true });
	const path = mkdtempSync(join(SCRATCH_DIR, 'readonly-'));
	mkdirSync(join(path, 'pgdata'));
	if (process.getuid?.() !== 0) {
		chmodSync(path, 0o555);
		return {
			path,
			cleanup: () => {
				chmodSync(path, 0o755);
				rmSync(path, { recursive: true, force: true });
			}
		};
	}
	const mount = (...args: string[]) => spawnSync('mount', args, { encoding: 'utf8' }).status === 0;
	if (!mount('--bind', path, path) || !mount('-o', 'remount,bind,ro', path)) {
		spawnSync('umount', [path]);
		rmSync(path, { recursive: true, force: true });
		return null;
	}
	return {
		path,
		cleanup: () => {
			spawnSync('umount', [path]);
			rmSync(path, { recursive: true, force: true });
		}
	};
}
