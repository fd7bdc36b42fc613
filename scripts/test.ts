// npm test: every check of the project, in the order that keeps both cores of a small CI machine
// busy. Lint and the browser suite's build run beside Vitest (whose database tests run one file
// per core, vite.config.ts, but wait on PostgreSQL and the disk part of the time), and Playwright
// then starts the built app without building again.
//   1. npm run check        (writes the Paraglide messages and SvelteKit's types first)
//   2. npm run lint, then npm run build:test   beside   vitest run (unit and database tests)
//   3. npm run test:e2e     (E2E_PREBUILT=1)
// Vitest prints as it runs; lint's and the build's output is printed when Vitest ends, so two logs
// never interleave. (Running the browser suite beside Vitest too was tried: on two cores both
// slowed so much that the whole run took longer than one after the other.)
import { spawn, spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function heading(text: string) {
	console.log(`\n== ${text}`);
}

/** Runs one command with its output on the terminal; exits the runner when it fails. */
function run(label: string, command: string, args: string[], env = process.env) {
	heading(label);
	const result = spawnSync(command, args, { stdio: 'inherit', env });
	if (result.status !== 0) {
		console.error(`\n${label}: failed`);
		process.exit(result.status ?? 1);
	}
}

/** Runs commands one after another, keeping their output until the last one ends. */
function quietly(steps: [string, string, string[]][]): Promise<{ ok: boolean; log: string }> {
	return new Promise((resolve) => {
		let log = '';
		const next = (i: number) => {
			if (i === steps.length) return resolve({ ok: true, log });
			const [label, command, args] = steps[i];
			log += `\n== ${label}\n`;
			const child = spawn(command, args, {
				env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }
			});
			child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
			child.on('close', (code) => {
				if (code === 0) return next(i + 1);
				log += `\n${label}: failed (exit ${code})\n`;
				resolve({ ok: false, log });
			});
		};
		next(0);
	});
}

run('npm run check', npm, ['run', 'check']);
// The messages are compiled now; nothing below compiles them again (vite.config.ts).
process.env.MESSAGES_COMPILED = '1';

heading('vitest run (npm run lint, then npm run build:test, meanwhile)');
const beside = quietly([
	['npm run lint', npm, ['run', 'lint']],
	['npm run build:test', npm, ['run', 'build:test']]
]);
const vitest = await new Promise<number | null>((resolve) =>
	spawn(npx, ['vitest', 'run'], { stdio: 'inherit' }).on('close', resolve)
);
const { ok, log } = await beside;
process.stdout.write(log);
if (vitest !== 0 || !ok) {
	console.error(`\n${vitest !== 0 ? 'vitest run' : 'npm run lint or npm run build:test'}: failed`);
	process.exit(1);
}

run('npm run test:e2e', npm, ['run', 'test:e2e'], { ...process.env, E2E_PREBUILT: '1' });
