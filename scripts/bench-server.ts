// Shared by the benchmark scripts: starts the production build (build/) as a child process on
// loopback and waits until it listens.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');

export interface BenchServer {
	base: string;
	/** Milliseconds from spawn to "Listening on". */
	startMs: number;
	/** Peak resident memory so far (VmHWM), in MiB. */
	peakRssMiB(): number;
	stop(): Promise<void>;
}

export async function startServer(port: number, env: Record<string, string>): Promise<BenchServer> {
	const t0 = performance.now();
	const child = spawn(process.execPath, [join(root, 'build', 'index.js')], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout?.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Listening on')) resolve();
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
	const startMs = performance.now() - t0;
	return {
		base: `http://127.0.0.1:${port}`,
		startMs,
		peakRssMiB() {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
		},
		async stop() {
			child.kill('SIGTERM');
			await new Promise((r) => child.on('exit', r));
		}
	};
}
