// npm run bench — prints start-up and API figures for docs/BENCHMARKS.md.
// Starts the built server (npm run build first) on a fresh DATA_DIR, then on the same one again,
// and times the public API with sequential requests. Loopback only; bounded request counts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const port = 4390;
const base = `http://127.0.0.1:${port}`;

async function startServer(dataDir: string): Promise<{ ms: number; stop: () => Promise<number> }> {
	const t0 = performance.now();
	const child = spawn(process.execPath, [join(root, 'build', 'index.js')], {
		cwd: root,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			DEMO: '1'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Listening on')) resolve();
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
	const ms = performance.now() - t0;
	return {
		ms,
		stop: async () => {
			const rss = await peakRss(child.pid);
			child.kill('SIGTERM');
			await new Promise((r) => child.on('exit', r));
			return rss;
		}
	};
}

async function peakRss(pid: number | undefined): Promise<number> {
	const { readFileSync } = await import('node:fs');
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return kb / 1024;
}

async function time(path: string, n: number) {
	const times: number[] = [];
	let bytes = 0;
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		const res = await fetch(base + path);
		const body = await res.arrayBuffer();
		times.push(performance.now() - t0);
		bytes = body.byteLength;
		if (!res.ok) throw new Error(`${path}: ${res.status}`);
	}
	times.sort((a, b) => a - b);
	const pct = (p: number) =>
		times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1);
	console.log(`| \`${path}\` | ${n} | ${pct(50)} | ${pct(95)} | ${(bytes / 1024).toFixed(1)} |`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'mapa-bench-'));
try {
	const cold = await startServer(dataDir);
	const coldRss = await cold.stop();
	const warm = await startServer(dataDir);
	console.log(
		`cold start (new DATA_DIR: PostGIS load, migrations, seeding): ${(cold.ms / 1000).toFixed(1)} s, peak RSS ${coldRss.toFixed(0)} MiB`
	);
	console.log(`warm start (same DATA_DIR): ${(warm.ms / 1000).toFixed(1)} s`);
	console.log('\n| request | n | p50 ms | p95 ms | body KiB |\n|---|---|---|---|---|');
	await time('/api/villages.geojson', 30);
	await time('/api/needs.geojson', 50);
	await time('/api/resources.geojson?category=swietlica', 50);
	await time('/api/address-search?q=kramsk%20pogorzelna%206', 50);
	await time('/api/address-search?q=wola', 50);
	await time('/', 20);
	const warmRss = await warm.stop();
	console.log(`\npeak RSS of the warm server after the requests: ${warmRss.toFixed(0)} MiB`);
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}
