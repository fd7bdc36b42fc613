// npm run bench:pdf — concurrent requests for generated documents (the diagnosis PDF) and what
// they do to a public page meanwhile. Starts the production build (npm run build first) on a
// fresh embedded database with the demo data, and on PostgreSQL too when DATABASE_URL is set.
// Loopback only, bounded counts. BENCH_PORT picks the port (default 4392).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile as pct, startServer } from './bench-server.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4392);
const CLIENTS = 10;
const ROUNDS = 5;
const PROBE = '/diagnoza';

async function get(base: string, path: string) {
	const t0 = performance.now();
	const res = await fetch(base + path);
	await res.arrayBuffer();
	return { ms: performance.now() - t0, status: res.status };
}

/**
 * CLIENTS clients at once, each sending ROUNDS requests one after another for `paths` (cycling),
 * while one more client loads the public page PROBE again and again until they are all answered.
 */
async function burst(base: string, label: string, paths: string[]) {
	let running = true;
	const probes: number[] = [];
	const probe = (async () => {
		while (running) probes.push((await get(base, PROBE)).ms);
	})();
	const t0 = performance.now();
	const answers = (
		await Promise.all(
			Array.from({ length: CLIENTS }, async (_, i) => {
				const mine = [];
				for (let r = 0; r < ROUNDS; r++) mine.push(await get(base, paths[(i + r) % paths.length]));
				return mine;
			})
		)
	).flat();
	const wall = performance.now() - t0;
	running = false;
	await probe;
	const times = answers.map((a) => a.ms).sort((a, b) => a - b);
	const statuses = [...new Set(answers.map((a) => a.status))].join('/');
	probes.sort((a, b) => a - b);
	console.log(
		`| ${label} | ${CLIENTS} × ${ROUNDS} | ${statuses} | ${(wall / 1000).toFixed(2)} | ${pct(times, 50).toFixed(0)} | ${times[times.length - 1].toFixed(0)} | ${probes.length} | ${pct(probes, 50).toFixed(0)} | ${probes[probes.length - 1].toFixed(0)} |`
	);
}

async function run(base: string, backend: string) {
	// Code loading and pdfkit's fonts: the first request of each kind pays them once.
	for (const path of ['/', PROBE, '/api/diagnoza/barce.pdf']) await get(base, path);
	const quiet: number[] = [];
	for (let i = 0; i < 10; i++) quiet.push((await get(base, PROBE)).ms);
	quiet.sort((a, b) => a - b);
	console.log(`\n${backend}: ${PROBE} alone, p50 ${pct(quiet, 50).toFixed(0)} ms`);
	console.log(
		`| burst | clients | status | wall s | p50 ms | max ms | ${PROBE} loads | ${PROBE} p50 ms | ${PROBE} max ms |\n|---|---|---|---|---|---|---|---|---|`
	);
	await burst(base, '`gmina.pdf`', ['/api/diagnoza/gmina.pdf']);
	// Ten different documents: nothing to share, every one is generated.
	const villages = ['kramsk', 'wola-podlezna', 'anielew', 'bilczew', 'konstantynow'];
	await burst(
		base,
		'10 different PDFs (5 villages × pl/en)',
		villages.flatMap((v) => [`/api/diagnoza/${v}.pdf`, `/en/api/diagnoza/${v}.pdf`])
	);
}

const dataDir = mkdtempSync(join(tmpdir(), 'mapa-bench-pdf-'));
const targets: [string, Record<string, string>][] = [
	['PGlite (embedded)', { DATA_DIR: dataDir, DATABASE_URL: '' }]
];
if (process.env.DATABASE_URL)
	targets.push(['PostgreSQL', { DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL }]);
try {
	for (const [label, env] of targets) {
		const server = await startServer(PORT, { DEMO: '1', ...env });
		try {
			await run(server.base, label);
		} finally {
			await server.stop();
		}
	}
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}
