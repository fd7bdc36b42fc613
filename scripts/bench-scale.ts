// npm run bench:scale — every public path at 1k … 1M needs (docs/BENCHMARKS.md).
//
//   npm run bench:scale -- [--backend pg|pglite|both] [--n 1k,10k,100k,1M]
//
// Defaults: the embedded database at 1k, 10k and 100k needs, and PostgreSQL (DATABASE_URL, a
// scratch database: N synthetic needs stay in it, so a later run at a larger N only adds the
// difference) at 1k, 10k, 100k and 1M. For each N the script, as the owner, tops the region up to
// N synthetic public needs (scripts/bench-scale-seed.ts), starts the production build (npm run
// build first) with the offline map style, and measures the paths below with cold caches, then
// starts the test build (npm run build:test: the same bundle plus window.__map) on the same
// database for the browser. Loopback only; every request is bounded (90 s).
// It prints a Markdown table per backend (rows: paths; columns: N; targets beside them) after
// every N, so an interrupted run keeps what it measured. BENCH_PORT picks the port (4398).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { openPglite } from '../src/lib/server/db/pglite.ts';
import { openPostgres } from '../src/lib/server/db/postgres.ts';
import type { Database } from '../src/lib/server/db/types.ts';
import { regionPaths, seed } from '../src/lib/server/seed/seed.ts';
import {
	coldAndWarm,
	coldWarmCell,
	ms,
	regionBbox,
	statusNote,
	tileRun,
	tileScreen,
	tilesOver,
	waitBehind
} from './bench-scale-http.ts';
import { mapReady, sweep } from './bench-scale-pages.ts';
import { ensureStaff, firstSynthetic, seedSynthetic, SYNTHETIC_TITLE } from './bench-scale-seed.ts';
import { root, signIn, startServer } from './bench-server.ts';
import { readSqlFiles } from './sql-files.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4398);
const REGION = process.env.REGION ?? 'kramsk';

type Backend = 'pg' | 'pglite';
const LABEL: Record<Backend, string> = {
	pg: 'PostgreSQL',
	pglite: 'PGlite (embedded)'
};

/** "1k,10k,1M" → [1000, 10000, 1000000]. */
function counts(text: string): number[] {
	return text.split(',').map((part) => {
		const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(part.trim());
		if (!m) throw new Error(`--n: not a count: ${part}`);
		return Math.round(
			Number(m[1]) * { '': 1, k: 1e3, m: 1e6 }[m[2].toLowerCase() as '' | 'k' | 'm']
		);
	});
}
const short = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

/**
 * The rows of the table, in order, with the target of the list ("on this 2-core machine");
 * the embedded database's targets are the same ×2 at 100k needs.
 */
const ROWS: [key: string, label: string, pg: string, pglite: string][] = [
	['data', 'needs in the database; seeding', '', ''],
	['home', '`GET /` (server render)', 'p50 ≤ 100 ms', 'p50 ≤ 200 ms'],
	['report', '`GET /zglos`', 'p50 ≤ 100 ms', 'p50 ≤ 200 ms'],
	['geojson', '`/api/needs.geojson` (first page)', 'paged, compressed', 'paged, compressed'],
	['presentation', '`/api/prezentacja`', '≤ 300 ms', '≤ 600 ms'],
	[
		'pdf',
		'`/api/diagnoza/gmina.pdf`',
		'≤ 1 s cold, ≤ 50 ms cached, < 1 MB',
		'≤ 2 s cold, ≤ 100 ms cached'
	],
	['planning', 'planning, whole gmina (`/panel/planowanie`)', '≤ 1 s', '≤ 2 s'],
	['z14', 'needs tiles, z14 (cold)', 'p95 ≤ 50 ms, ≤ 500 KB', 'p95 ≤ 100 ms, ≤ 500 KB'],
	['screen', 'a screen: 6 z14 tiles × 3 layers', '≈ 0.8 s at 1M (issue)', ''],
	[
		'low',
		'needs tiles, z8–z11 over the gmina (cold)',
		'clusters, not points',
		'clusters, not points'
	],
	['browser', 'map ready in headless Chromium', '≤ 3 s', '≤ 6 s'],
	['wait', 'light request behind a heavy one (worst extra wait)', '', '≤ 200 ms'],
	[
		'sweep',
		'every page (staff pages as an organizer) and API answering without error',
		'all',
		'all'
	],
	['floor', '`/healthz` p50 (no database, no page: the noise floor of the shared machine)', '', ''],
	['rss', 'server peak RSS', '', ''],
	['load', 'load average (1 min), start → end', '', '']
];

class Table {
	cells = new Map<string, Map<number, string>>();
	notes: string[] = [];
	readonly backend: Backend;
	constructor(backend: Backend) {
		this.backend = backend;
	}
	set(key: string, n: number, value: string) {
		if (!this.cells.has(key)) this.cells.set(key, new Map());
		this.cells.get(key)?.set(n, value.replaceAll('|', '\\|'));
		console.error(`  ${key} @ ${short(n)}: ${value}`);
	}
	print(ns: number[]) {
		const head = `| path | target | ${ns.map(short).join(' | ')} |`;
		const rule = `|---|---|${ns.map(() => '---|').join('')}`;
		const lines = ROWS.map(([key, label, pg, pglite]) => {
			const target = this.backend === 'pg' ? pg : pglite;
			return `| ${label} | ${target} | ${ns.map((n) => this.cells.get(key)?.get(n) ?? '').join(' | ')} |`;
		});
		console.log(`\n### ${LABEL[this.backend]}\n\n${head}\n${rule}\n${lines.join('\n')}\n`);
		if (this.notes.length) console.log(this.notes.map((note) => `- ${note}`).join('\n') + '\n');
	}
}

async function open(backend: Backend, dataDir: string): Promise<Database> {
	return backend === 'pg' ? openPostgres(process.env.DATABASE_URL ?? '') : openPglite(dataDir);
}

/** Schema, region and demo data (as `npm start` with DEMO=1 makes them), and the staff account. */
async function prepare(db: Database) {
	const { migrations, bootstrap } = readSqlFiles();
	await migrate(db, migrations, bootstrap);
	await seed(db, { ...regionPaths(root, REGION), demo: true });
	return ensureStaff(db);
}

/** One N on one backend: seed, then every measurement with cold server caches. */
async function measure(
	backend: Backend,
	n: number,
	table: Table,
	dataDir: string,
	staff: { email: string; password: string }
) {
	const load0 = loadavg()[0];
	const db = await open(backend, dataDir);
	let needRef: string;
	let needId: string;
	try {
		const seconds = await seedSynthetic(db, REGION, n);
		const [row] = await db.asOwner((tx) =>
			tx.query<{ n: number }>('select count(*)::int as n from public.needs')
		);
		({ ref: needRef, id: needId } = await firstSynthetic(db));
		table.set('data', n, `${row.n.toLocaleString('en')} (seeded in ${seconds.toFixed(0)} s)`);
	} finally {
		await db.close();
	}
	const env = {
		DATABASE_URL: backend === 'pg' ? (process.env.DATABASE_URL ?? '') : '',
		DATA_DIR: dataDir,
		DEMO: '1',
		PUBLIC_BASEMAP_STYLE_URL: 'offline',
		RATE_LIMIT_REPORTS: 'off'
	};
	const server = await startServer(PORT, env);
	try {
		const base = server.base;
		const floor = await coldAndWarm(base, '/healthz', 20);
		table.set('floor', n, ms(floor.p50));
		for (const [key, path] of [
			['home', '/'],
			['report', '/zglos']
		]) {
			const r = await coldAndWarm(base, path, 10);
			table.set(
				key,
				n,
				`${ms(r.p50)} p50 (${ms(r.cold.ms)} first)${r.bad ? ' ' + statusNote(r.bad) : ''}`
			);
		}
		const page = await coldAndWarm(base, '/api/needs.geojson', 3);
		const paged = JSON.parse(page.cold.body.toString() || '{}') as { features?: unknown[] };
		table.set(
			'geojson',
			n,
			`${coldWarmCell(page, true)}; ${paged.features?.length ?? 0} features` +
				(page.cold.headers['content-encoding']
					? `, ${page.cold.headers['content-encoding']}`
					: ', uncompressed')
		);
		table.set('presentation', n, coldWarmCell(await coldAndWarm(base, '/api/prezentacja', 3)));
		table.set('pdf', n, coldWarmCell(await coldAndWarm(base, '/api/diagnoza/gmina.pdf', 5), true));
		const cookie = await signIn(base, staff.email, staff.password);
		table.set(
			'planning',
			n,
			coldWarmCell(await coldAndWarm(base, '/panel/planowanie', 3, { cookie }))
		);

		const bbox = await regionBbox(base);
		const z14 = tilesOver(bbox, 14);
		table.set('z14', n, (await tileRun(base, 'needs', z14.slice(0, 40))).cell);
		const screen = z14
			.slice(40, 46)
			.flatMap((t) => ['needs', 'resources', 'villages'].map((l) => `/api/tiles/${l}/${t}.mvt`));
		table.set('screen', n, await tileScreen(base, screen));
		const low = [8, 9, 10, 11].flatMap((z) => tilesOver(bbox, z));
		table.set('low', n, (await tileRun(base, 'needs', low)).cell);

		// Heavy requests nothing above asked for, so they are cold.
		const waits = [
			await waitBehind(base, '/en/api/diagnoza/gmina.pdf'),
			await waitBehind(base, '/panel/planowanie?kategoria=biblioteka', { cookie }),
			await waitBehind(base, '/api/needs.geojson?limit=10000'),
			await waitBehind(base, '/en/api/prezentacja'),
			await waitBehind(base, '/api/diagnoza/gmina.geojson'),
			await waitBehind(base, '/sitemap.xml')
		];
		const worst = waits.reduce((a, b) => (b.waitMs > a.waitMs ? b : a));
		table.set('wait', n, `${ms(worst.waitMs)} (${worst.cell})`);
		for (const w of waits) table.notes.push(`${short(n)}, waiting: ${w.cell}`);

		const swept = await sweep(base, { needRef, needId, activity: null }, cookie);
		table.set(
			'sweep',
			n,
			swept.failures.length
				? `**${swept.failures.length} of ${swept.count} failed**`
				: `all ${swept.count} (slowest ${swept.slowest[0]})`
		);
		table.notes.push(`${short(n)}, slowest answers of the sweep: ${swept.slowest.join(', ')}`);
		if (swept.failures.length)
			table.notes.push(`${short(n)}, failed: ${swept.failures.join('; ')}`);
		if (swept.skipped.length && !table.notes.some((note) => note.startsWith('skipped')))
			table.notes.push(`skipped by the sweep (no such record here): ${swept.skipped.join(', ')}`);
		table.set('rss', n, `${server.peakRssMiB().toFixed(0)} MiB`);
	} finally {
		await server.stop();
	}

	if (existsSync(join(root, 'build-test', 'index.js'))) {
		const test = await startServer(PORT, env, 'build-test');
		try {
			table.set('browser', n, (await mapReady(test.base)).cell);
		} finally {
			await test.stop();
		}
	} else {
		table.set('browser', n, 'not measured: run npm run build:test first');
	}
	table.set('load', n, `${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
}

const { values } = parseArgs({
	options: { backend: { type: 'string', default: 'both' }, n: { type: 'string' } }
});
if (!existsSync(join(root, 'build', 'index.js'))) {
	console.error(
		'Błąd: brak build/ — uruchom najpierw npm run build (i npm run build:test dla przeglądarki).'
	);
	process.exit(1);
}
const backends: Backend[] =
	values.backend === 'both'
		? process.env.DATABASE_URL
			? ['pglite', 'pg']
			: ['pglite']
		: [values.backend as Backend];
if (backends.some((b) => b !== 'pg' && b !== 'pglite')) {
	console.error('Błąd: --backend pg, pglite albo both.');
	process.exit(1);
}
if (backends.includes('pg') && !process.env.DATABASE_URL) {
	console.error('Błąd: --backend pg wymaga DATABASE_URL (baza robocza: zostaje w niej N potrzeb).');
	process.exit(1);
}

console.log(
	`npm run bench:scale, ${new Date().toISOString()}; synthetic needs are titled "${SYNTHETIC_TITLE} <n>", flagged is_demo, ref numbers from 900000001`
);
for (const backend of backends) {
	const ns = counts(values.n ?? (backend === 'pg' ? '1k,10k,100k,1M' : '1k,10k,100k')).sort(
		(a, b) => a - b
	);
	const dataDir = mkdtempSync(join(tmpdir(), 'mapa-bench-scale-'));
	const table = new Table(backend);
	try {
		const db = await open(backend, dataDir);
		const staff = await prepare(db).finally(() => db.close());
		for (const n of ns) {
			console.error(`${LABEL[backend]}, N = ${short(n)}`);
			try {
				await measure(backend, n, table, dataDir, staff);
			} catch (e) {
				table.notes.push(`${short(n)}: stopped by ${e instanceof Error ? e.message : String(e)}`);
			}
			table.print(ns);
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}
