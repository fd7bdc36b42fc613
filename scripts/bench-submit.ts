// npm run bench:submit — submissions per second and latency of POST /api/needs.
// Runs the production build (npm run build first) on the embedded database, and on PostgreSQL
// too when DATABASE_URL is set. Rate limits are off for the run; loopback only, bounded counts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportBody, startServer } from './bench-server.ts';

const PORT = 4391;
const TOTAL = 300;
const CONCURRENCY = 8;
// Every request comes from one address without a cookie (a new browser identity each time): the
// per-browser, per-network and new-device limits are all off for the run.
const LIMITS_OFF = {
	RATE_LIMIT_REPORTS: 'off',
	RATE_LIMIT_REPORTS_IP: 'off',
	RATE_LIMIT_NEW_DEVICES: 'off'
};

const body = (i: number) => reportBody(i, randomUUID());

async function run(base: string, label: string) {
	const times: number[] = [];
	let next = 0;
	const t0 = performance.now();
	async function worker() {
		while (next < TOTAL) {
			const i = next++;
			const s = performance.now();
			const res = await fetch(`${base}/api/needs`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: body(i)
			});
			await res.arrayBuffer();
			if (res.status !== 201) throw new Error(`${label}: status ${res.status}`);
			times.push(performance.now() - s);
		}
	}
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	const seconds = (performance.now() - t0) / 1000;
	times.sort((a, b) => a - b);
	const pct = (p: number) =>
		times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(1);
	console.log(
		`| ${label} | ${TOTAL} | ${CONCURRENCY} | ${(TOTAL / seconds).toFixed(1)} | ${pct(50)} | ${pct(95)} |`
	);
}

console.log(
	'| backend | requests | concurrency | submissions/s | p50 ms | p95 ms |\n|---|---|---|---|---|---|'
);
const dataDir = mkdtempSync(join(tmpdir(), 'mapa-bench-submit-'));
const targets: [string, Record<string, string>][] = [
	['PGlite (embedded)', { DATA_DIR: dataDir, DATABASE_URL: '' }]
];
if (process.env.DATABASE_URL)
	targets.push(['PostgreSQL', { DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL }]);
try {
	for (const [label, env] of targets) {
		const server = await startServer(PORT, { ...LIMITS_OFF, DEMO: '0', ...env });
		try {
			await run(server.base, label);
		} finally {
			await server.stop();
		}
	}
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}
