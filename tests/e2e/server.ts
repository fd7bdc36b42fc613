// One server of the browser suite (playwright.config.ts starts E2E_SERVERS of them, with PORT,
// ORIGIN and DATA_DIR of their own):
//   1. once per Playwright run, under a lock the servers share: `npm run build:test` unless
//      E2E_PREBUILT=1 (`npm test` has built build-test/ beside the Vitest run), and the migrated,
//      seeded database template the database tests use (tests/db/template.ts);
//   2. a fresh copy of that template in DATA_DIR: the server adds the demo data when it starts;
//   3. the staff accounts, made with `npm run user:create`, the documented way, so the suite also
//      proves that a created admin can sign in (passwords: tests/accounts.ts);
//   4. the test build, until Playwright stops it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireDirLock } from '../../src/lib/server/db/lock.ts';
import { StartupError } from '../../src/lib/server/db/types.ts';
import { copyTemplate, ensureTemplate } from '../db/template.ts';
import { USERS } from '../accounts.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const dataDir = process.env.DATA_DIR;
const run = process.env.E2E_RUN;
if (!dataDir || !run) throw new Error('tests/e2e/server.ts is started by playwright.config.ts');

function npmRun(args: string[]) {
	const result = spawnSync(npm, ['run', '-s', ...args], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const shared = '.data-e2e';
mkdirSync(shared, { recursive: true });
let release: () => void;
for (;;) {
	try {
		release = acquireDirLock(shared);
		break;
	} catch (e) {
		if (!(e instanceof StartupError)) throw e;
		await sleep(500);
	}
}
try {
	const prepared = join(shared, `prepared-${run}`);
	if (!existsSync(prepared)) {
		if (process.env.E2E_PREBUILT !== '1') npmRun(['build:test']);
		await ensureTemplate();
		for (const old of readdirSync(shared).filter((f) => f.startsWith('prepared-')))
			rmSync(join(shared, old));
		writeFileSync(prepared, '');
	}
} finally {
	release();
}

copyTemplate(dataDir);
npmRun([
	'user:create',
	'--',
	...Object.entries(USERS).flatMap(([role, email]) => ['--email', email, '--role', role])
]);

const server = spawn(process.execPath, ['build-test'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
