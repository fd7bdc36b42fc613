// npm run bench:lighthouse — Lighthouse's performance audit of the home page, the way a phone
// sees it (Lighthouse's default mobile profile: a mid-range phone's screen, 4× slower CPU and a
// slow 4G link, simulated). Starts the production build (npm run build first) on a fresh embedded
// database with the demo data and the app's own offline map style, so nothing leaves the machine,
// then runs Lighthouse RUNS times on a warm server and prints each run and the median.
// It also says whether MapLibre was downloaded during the audit: the home page's first screen is
// the server-drawn village map, and MapLibre is meant to come only when the map is wanted.
// Uses the system Chromium (CHROME_PATH, else /usr/bin/chromium). BENCH_PORT picks the port.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startServer } from './bench-server.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4396);
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const PATH = process.env.LIGHTHOUSE_PATH ?? '/';
const CHROME = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/google-chrome'].find(
	(path): path is string => Boolean(path && existsSync(path))
);
// Headless Chromium on a machine without a GPU draws WebGL in software (SwiftShader).
const CHROME_FLAGS =
	'--headless=new --no-sandbox --disable-gpu --enable-unsafe-swiftshader --use-angle=swiftshader';
const METRICS = [
	['first-contentful-paint', 'FCP'],
	['largest-contentful-paint', 'LCP'],
	['total-blocking-time', 'TBT'],
	['cumulative-layout-shift', 'CLS'],
	['speed-index', 'Speed Index']
] as const;

interface Report {
	categories: { performance: { score: number } };
	audits: Record<
		string,
		{
			numericValue?: number;
			displayValue?: string;
			details?: { items?: { url?: string }[] };
		}
	>;
}

function audit(url: string, out: string): Report {
	const bin = join(root, 'node_modules', '.bin', 'lighthouse');
	const args = [
		url,
		'--quiet',
		'--only-categories=performance',
		`--chrome-flags=${CHROME_FLAGS}`,
		'--output=json',
		`--output-path=${out}`
	];
	const run = spawnSync(bin, args, {
		env: { ...process.env, CHROME_PATH: CHROME },
		stdio: 'inherit'
	});
	if (run.status !== 0) throw new Error(`lighthouse exited with ${run.status}`);
	return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

/** True when the audit downloaded MapLibre (its chunk is the only one that contains it). */
function loadedMapLibre(report: Report, mapLibreChunks: Set<string>): boolean {
	const requests = report.audits['network-requests']?.details?.items ?? [];
	return requests.some((r) => mapLibreChunks.has((r.url ?? '').split('/').pop() ?? ''));
}

/** The client chunks of the build that carry MapLibre's code (a class name only it uses). */
function mapLibreChunkNames(): Set<string> {
	const dir = join(root, 'build', 'client', '_app', 'immutable', 'chunks');
	const names = new Set<string>();
	const listing = spawnSync('grep', ['-l', '-r', 'maplibregl-ctrl-geolocate-waiting', dir], {
		encoding: 'utf8'
	});
	for (const line of listing.stdout.split('\n')) {
		const name = line.split('/').pop();
		if (name?.endsWith('.js')) names.add(name);
	}
	return names;
}

async function main() {
	if (!CHROME) throw new Error('No Chromium found: set CHROME_PATH.');
	const dataDir = mkdtempSync(join(tmpdir(), 'mapa-lighthouse-'));
	const server = await startServer(PORT, {
		DATA_DIR: dataDir,
		DATABASE_URL: '',
		DEMO: '1',
		ORIGIN: `http://127.0.0.1:${PORT}`,
		PUBLIC_BASEMAP_STYLE_URL: 'offline'
	});
	const chunks = mapLibreChunkNames();
	try {
		const url = server.base + PATH;
		// Warm the server: the first request after a start loads code and fills caches.
		for (let i = 0; i < 3; i++) await (await fetch(url)).arrayBuffer();
		const rows: { score: number; values: number[]; maplibre: boolean }[] = [];
		for (let i = 0; i < RUNS; i++) {
			const report = audit(url, join(dataDir, `lighthouse-${i}.json`));
			const row = {
				score: Math.round(report.categories.performance.score * 100),
				values: METRICS.map(([id]) => report.audits[id]?.numericValue ?? NaN),
				maplibre: loadedMapLibre(report, chunks)
			};
			rows.push(row);
			console.log(
				`run ${i + 1}: performance ${row.score}, ` +
					METRICS.map(([, label], k) => `${label} ${fmt(label, row.values[k])}`).join(', ') +
					`, MapLibre downloaded: ${row.maplibre ? 'yes' : 'no'}`
			);
		}
		const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		console.log(
			`\nmedian of ${RUNS} (${PATH}): performance ${median(rows.map((r) => r.score))}, ` +
				METRICS.map(
					([, label], k) => `${label} ${fmt(label, median(rows.map((r) => r.values[k])))}`
				).join(', ')
		);
	} finally {
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

function fmt(label: string, value: number): string {
	if (label === 'CLS') return value.toFixed(3);
	return `${Math.round(value)} ms`;
}

await main();
