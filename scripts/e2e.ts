// Runs the Playwright suite against the built test app (see playwright.config.ts).
// Uses a system Chromium when there is one, because browser downloads are blocked on CI;
// otherwise asks Playwright to install its own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [
	process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE,
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome'
].filter((path): path is string => Boolean(path));

const chromium = candidates.find((path) => existsSync(path));
const env = { ...process.env };
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

if (chromium) {
	env.PLAYWRIGHT_CHROMIUM_EXECUTABLE = chromium;
	console.log(`e2e: using ${chromium}`);
} else {
	console.log('e2e: no system Chromium found, running "npx playwright install chromium"');
	const install = spawnSync(npx, ['playwright', 'install', 'chromium'], { stdio: 'inherit', env });
	if (install.status !== 0) process.exit(install.status ?? 1);
}

const run = spawnSync(npx, ['playwright', 'test', ...process.argv.slice(2)], {
	stdio: 'inherit',
	env
});
process.exit(run.status ?? 1);
