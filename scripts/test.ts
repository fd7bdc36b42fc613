// npm test: every check of the project, arranged so that a small CI machine is never idle. The
// browser suite spends much of its time waiting (page loads, maps settling, axe inside the
// browser) and the database tests wait on PostgreSQL and the disk, so they run side by side:
//   1. npm run check        (writes the Paraglide messages and SvelteKit's types first)
//   2. beside each other:
//        vitest run (unit, component and database tests; its output is shown as it comes)
//        npm run build:test, then npm run test:e2e (E2E_PREBUILT=1: Playwright starts that build)
//        npm run lint
// The output of the build, the browser suite and lint is printed when each has ended, so two logs
// never interleave; the run fails when any of them fails.
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

type Step = [label: string, command: string, args: string[], env?: NodeJS.ProcessEnv];

/** Runs commands one after another, keeping their output until the last one ends. */
function quietly(steps: Step[]): Promise<{ ok: boolean; log: string }> {
	return new Promise((resolve) => {
		let log = '';
		const next = (i: number) => {
			if (i === steps.length) return resolve({ ok: true, log });
			const [label, command, args, env = process.env] = steps[i];
			log += `\n== ${label}\n`;
			const child = spawn(command, args, {
				env: { ...env, FORCE_COLOR: env.FORCE_COLOR ?? '1' }
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

heading('vitest run (beside it: npm run build:test, then npm run test:e2e; npm run lint)');
const browser = quietly([
	['npm run build:test', npm, ['run', 'build:test']],
	['npm run test:e2e', npm, ['run', 'test:e2e'], { ...process.env, E2E_PREBUILT: '1' }]
]);
const lint = quietly([['npm run lint', npm, ['run', 'lint']]]);
const vitest = await new Promise<number | null>((resolve) =>
	spawn(npx, ['vitest', 'run'], { stdio: 'inherit' }).on('close', resolve)
);
if (vitest !== 0) console.error('\nvitest run: failed');
let failed = vitest !== 0;
for (const [label, pending] of [
	['npm run lint', lint],
	['npm run build:test, npm run test:e2e', browser]
] as const) {
	const { ok, log } = await pending;
	process.stdout.write(log);
	if (!ok) {
		console.error(`\n${label}: failed`);
		failed = true;
	}
}
process.exit(failed ? 1 : 0);
