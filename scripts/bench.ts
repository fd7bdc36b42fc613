// npm run bench — prints start-up, API and load figures for docs/BENCHMARKS.md.
// Starts the built server (npm run build first) on a fresh DATA_DIR, then on the same one again,
// times the public API with sequential requests, then loads it with many connections at once
// (autocannon, 10 s per run) — on the embedded database, and on PostgreSQL too when
// DATABASE_URL is set (use a scratch database: the load run adds reports and the demo data).
// Loopback only; bounded request counts and durations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOAD_HEADER, LOAD_SECONDS, loadRuns } from './bench-load.ts';
import { startServer } from './bench-server.ts';

const PORT = 4390;
// Rate limits off: the load run sends thousands of reports from one address.
const ENV = { DATABASE_URL: '', DEMO: '1', RATE_LIMIT_REPORTS: 'off' };

async function time(base: string, path: string, n: number) {
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
	const cold = await startServer(PORT, { ...ENV, DATA_DIR: dataDir });
	const coldRss = cold.peakRssMiB();
	await cold.stop();
	const warm = await startServer(PORT, { ...ENV, DATA_DIR: dataDir });
	console.log(
		`cold start (new DATA_DIR: PostGIS load, migrations, seeding): ${(cold.startMs / 1000).toFixed(1)} s, peak RSS ${coldRss.toFixed(0)} MiB`
	);
	console.log(`warm start (same DATA_DIR): ${(warm.startMs / 1000).toFixed(1)} s`);
	console.log('\n| request | n | p50 ms | p95 ms | body KiB |\n|---|---|---|---|---|');
	for (const [path, n] of [
		['/api/villages.geojson', 30],
		['/api/needs.geojson', 50],
		['/api/resources.geojson?category=swietlica', 50],
		['/api/address-search?q=kramsk%20pogorzelna%206', 50],
		['/api/address-search?q=wola', 50],
		// Projector slide data and the diagnosis made on request (SQL + pdfkit).
		['/api/prezentacja', 30],
		['/api/diagnoza/kramsk.pdf', 20],
		['/api/diagnoza/gmina.pdf', 10],
		['/api/diagnoza/gmina.csv', 20],
		['/', 20]
	] as const) {
		await time(warm.base, path, n);
	}
	console.log(
		`\npeak RSS of the warm server after the requests: ${warm.peakRssMiB().toFixed(0)} MiB`
	);
	console.log(`\nload, ${LOAD_SECONDS} s per run:\n\n${LOAD_HEADER}`);
	await loadRuns(warm.base, 'PGlite (embedded)');
	console.log(`peak RSS of the embedded server under load: ${warm.peakRssMiB().toFixed(0)} MiB`);
	await warm.stop();
	if (process.env.DATABASE_URL) {
		const pg = await startServer(PORT, {
			...ENV,
			DATABASE_URL: process.env.DATABASE_URL,
			DATA_DIR: dataDir
		});
		await loadRuns(pg.base, 'PostgreSQL');
		console.log(`peak RSS of the PostgreSQL server under load: ${pg.peakRssMiB().toFixed(0)} MiB`);
		await pg.stop();
	}
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}
