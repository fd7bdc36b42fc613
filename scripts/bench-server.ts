// Shared by the benchmark scripts: starts the production build (build/, or another build
// directory such as the test build's build-test/) as a child process on loopback and waits until
// it listens.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');

export interface BenchServer {
	base: string;
	pid: number;
	/** Milliseconds from spawn to "Listening on". */
	startMs: number;
	/** Peak resident memory so far (VmHWM), in MiB. */
	peakRssMiB(): number;
	/** True while the process runs. */
	alive(): boolean;
	/** Graceful stop (SIGTERM); resolves with the exit code. */
	stop(): Promise<number | null>;
	/** Sends `signal` and resolves when the process is gone. */
	kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(
	port: number,
	env: Record<string, string>,
	buildDir = 'build'
): Promise<BenchServer> {
	const t0 = performance.now();
	const child = spawn(process.execPath, [join(root, buildDir, 'index.js')], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
		// stderr is kept, not shown: under faults the server logs one line per refused request.
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString()).slice(-4000);
	});
	let exitCode: number | null | undefined;
	const exited = new Promise<number | null>((resolve) =>
		child.on('exit', (code) => {
			exitCode = code;
			resolve(code);
		})
	);
	await new Promise<void>((resolve, reject) => {
		child.stdout?.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Listening on')) resolve();
		});
		void exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr.trim()}`)));
	});
	const startMs = performance.now() - t0;
	const kill = async (signal: NodeJS.Signals) => {
		if (exitCode === undefined) child.kill(signal);
		return exited;
	};
	return {
		base: `http://127.0.0.1:${port}`,
		pid: child.pid ?? 0,
		startMs,
		peakRssMiB() {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
		},
		alive: () => exitCode === undefined,
		stop: () => kill('SIGTERM'),
		kill
	};
}

/** A staff session cookie from signing in at `base` (the form action of /logowanie). */
export async function signIn(base: string, email: string, password: string): Promise<string> {
	const res = await fetch(`${base}/logowanie?/password`, {
		method: 'POST',
		headers: { origin: base, accept: 'text/html' },
		body: new URLSearchParams({ email, password }),
		redirect: 'manual'
	});
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('mz_session='));
	if (res.status !== 303 || !cookie)
		throw new Error(`sign-in on ${base}: ${res.status} ${(await res.text()).slice(0, 200)}`);
	return cookie;
}

/** The value at percentile `p` (0–100) of ascending `sorted` numbers (nearest rank, lower). */
export const percentile = (sorted: number[], p: number): number =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** A resident report for POST /api/needs, spread over the centre of the gmina (inside it). */
export function reportBody(i: number, key: string, title = `Benchmark zgłoszenia ${i}`): string {
	return JSON.stringify({
		kind: i % 3 === 0 ? 'idea' : 'need',
		category: 'integracja',
		title,
		description: 'Zgłoszenie wysłane przez skrypt benchmarku.',
		lon: 18.4 + (i % 20) * 0.001,
		lat: 52.26 + (i % 15) * 0.001,
		contact: i % 4 === 0 ? `bench${i}@example.org` : '',
		contact_consent: true,
		idempotency_key: key
	});
}
