// npm run bench — prints start-up and API figures for docs/BENCHMARKS.md.
// Starts the built server (npm run build first) on a fresh DATA_DIR, then on the same one again,
// and times the public API with sequential requests. Loopback only; bounded request counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './bench-server.ts';

const PORT = 4390;
const ENV = { DATABASE_URL: '', DEMO: '1' };

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
		// Issue #5: projector slide data and the diagnosis made on request (SQL + pdfkit).
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
	await warm.stop();
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}
