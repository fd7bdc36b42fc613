// npm run bench:faults — faults while resident reports stream in (docs/BENCHMARKS.md).
// Runs the production build (npm run build first) with RATE_LIMIT_REPORTS=off and sends reports
// from 8 concurrent clients. A client retries a report with the same idempotency key after a
// refused connection or a 503 until it gets a definite answer, as the app's own offline queue
// does; so every report ends acknowledged (201 with its ref). Faults:
//   1. SIGKILL of the server and a restart, twice (embedded database; PostgreSQL too);
//   2. pg_terminate_backend of all the app's connections, three times (PostgreSQL; the server
//      must stay up);
//   3. PostgreSQL unreachable for 5 s, as during a restart of the database server: the app talks
//      to it through a TCP relay in this script that drops every connection and refuses new ones
//      (so other users of the same PostgreSQL are not disturbed).
// Afterwards the refs stored in the database must equal the acknowledged refs: nothing
// acknowledged is lost, nothing is stored twice. Loopback only; every loop is bounded in time.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openPglite } from '../src/lib/server/db/pglite.ts';
import { reportBody, startServer, type BenchServer } from './bench-server.ts';

const PORT = 4392;
const CLIENTS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Tally {
	acknowledged: Map<string, string>;
	status503: number;
	refused: number;
	other: Map<number, number>;
}

/**
 * Clients sending reports titled `<marker> <n>` until `stop()`; each report is retried with its
 * key until 201 or another definite status (at most `deadlineMs` after stop).
 */
function reportStream(base: string, marker: string) {
	const tally: Tally = { acknowledged: new Map(), status503: 0, refused: 0, other: new Map() };
	let stopping = false;
	let deadline = Infinity;
	let next = 0;
	let lastAck = performance.now();
	const client = async () => {
		while (!stopping) {
			const i = next++;
			const key = randomUUID();
			const body = reportBody(i, key, `${marker} ${i}`);
			while (performance.now() < deadline) {
				try {
					const res = await fetch(`${base}/api/needs`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body,
						signal: AbortSignal.timeout(20_000)
					});
					const answer = (await res.json()) as { ref?: string };
					if (res.status === 201 && answer.ref) {
						tally.acknowledged.set(key, answer.ref);
						lastAck = performance.now();
						break;
					}
					if (res.status === 503) {
						tally.status503++;
						await sleep(250);
						continue;
					}
					tally.other.set(res.status, (tally.other.get(res.status) ?? 0) + 1);
					break;
				} catch {
					// Refused or cut off (server killed): the outcome is unknown, so send it again.
					tally.refused++;
					await sleep(250);
				}
			}
		}
	};
	const clients = Array.from({ length: CLIENTS }, client);
	return {
		tally,
		lastAck: () => lastAck,
		async stop(deadlineMs = 60_000) {
			stopping = true;
			deadline = performance.now() + deadlineMs;
			await Promise.all(clients);
		}
	};
}

/** Waits until /readyz answers 200 (the restarted server is ready), at most `ms`. */
async function waitReady(base: string, ms = 180_000): Promise<number> {
	const t0 = performance.now();
	while (performance.now() - t0 < ms) {
		try {
			if ((await fetch(`${base}/readyz`)).ok) return performance.now() - t0;
		} catch {
			// Not listening yet.
		}
		await sleep(200);
	}
	throw new Error(`${base} not ready after ${ms} ms`);
}

function report(run: string, tally: Tally, stored: string[], extra = '') {
	const acked = new Set(tally.acknowledged.values());
	const storedSet = new Set(stored);
	const lost = [...acked].filter((ref) => !storedSet.has(ref));
	const unacked = stored.filter((ref) => !acked.has(ref));
	const duplicates = stored.length - storedSet.size;
	const others = [...tally.other].map(([s, n]) => `${s}×${n}`).join(' ') || '0';
	const ok = lost.length === 0 && unacked.length === 0 && duplicates === 0;
	console.log(
		`| ${run} | ${acked.size} | ${stored.length} | ${lost.length} | ${tally.status503} | ${tally.refused} | ${others} | ${extra} | ${ok ? 'yes' : '**NO**'} |`
	);
	if (!ok) process.exitCode = 1;
}

/** SIGKILL the server `kills` times while reports stream in; restart it each time. */
async function killRun(env: Record<string, string>, marker: string, kills: number) {
	let server: BenchServer = await startServer(PORT, env);
	await waitReady(server.base);
	const stream = reportStream(server.base, marker);
	const restarts: number[] = [];
	for (let k = 0; k < kills; k++) {
		await sleep(3_000);
		await server.kill('SIGKILL');
		const t0 = performance.now();
		server = await startServer(PORT, env);
		await waitReady(server.base);
		restarts.push((performance.now() - t0) / 1000);
	}
	await sleep(3_000);
	await stream.stop();
	await server.stop();
	return { tally: stream.tally, restarts };
}

async function storedOnPglite(dataDir: string, marker: string): Promise<string[]> {
	const db = await openPglite(dataDir);
	try {
		const rows = await db.asOwner((tx) =>
			tx.query<{ ref: string }>('select ref from public.needs where title like $1', [`${marker} %`])
		);
		return rows.map((r) => r.ref);
	} finally {
		await db.close();
	}
}

async function storedOnPostgres(url: string, marker: string): Promise<string[]> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const rows = await sql<
			{ ref: string }[]
		>`select ref from public.needs where title like ${`${marker} %`}`;
		return rows.map((r) => r.ref);
	} finally {
		await sql.end();
	}
}

/** A TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused). */
function relay(target: URL, port: number) {
	const sockets = new Set<Socket>();
	let server: Server | null = null;
	const up = () =>
		new Promise<void>((resolve) => {
			server = createServer((client) => {
				const upstream = createConnection(Number(target.port || 5432), target.hostname);
				for (const s of [client, upstream]) {
					sockets.add(s);
					s.on('error', () => {});
					s.on('close', () => {
						sockets.delete(s);
						client.destroy();
						upstream.destroy();
					});
				}
				client.pipe(upstream).pipe(client);
			}).listen(port, '127.0.0.1', resolve);
		});
	const down = () =>
		new Promise<void>((resolve) => {
			for (const s of sockets) s.destroy();
			if (server) server.close(() => resolve());
			else resolve();
			server = null;
		});
	return { up, down };
}

const HEADER =
	'| run | acknowledged | stored | lost | 503 | refused/cut (retried) | other | server | equal |\n|---|---|---|---|---|---|---|---|---|';
const run = randomUUID().slice(0, 8);
const base = { RATE_LIMIT_REPORTS: 'off', DEMO: '0' };
console.log(HEADER);

const dataDir = mkdtempSync(join(tmpdir(), 'mapa-bench-faults-'));
try {
	const marker = `Awaria ${run} pglite`;
	const env = { ...base, DATABASE_URL: '', DATA_DIR: dataDir };
	const { tally, restarts } = await killRun(env, marker, 2);
	report(
		'PGlite: SIGKILL + restart ×2',
		tally,
		await storedOnPglite(dataDir, marker),
		`ready again after ${restarts.map((s) => s.toFixed(1)).join(', ')} s`
	);
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}

const url = process.env.DATABASE_URL;
if (url) {
	const env = { ...base, DATABASE_URL: url, DATA_DIR: mkdtempSync(join(tmpdir(), 'mapa-bf-')) };
	try {
		const killMarker = `Awaria ${run} pg-kill`;
		const killed = await killRun(env, killMarker, 2);
		report(
			'PostgreSQL: SIGKILL + restart ×2',
			killed.tally,
			await storedOnPostgres(url, killMarker),
			`ready again after ${killed.restarts.map((s) => s.toFixed(1)).join(', ')} s`
		);

		// The app's connections cut three times; a separate connection does the cutting.
		const marker = `Awaria ${run} pg-terminate`;
		const server = await startServer(PORT, env);
		await waitReady(server.base);
		const stream = reportStream(server.base, marker);
		const admin = postgres(url, { max: 1, onnotice: () => {} });
		const recoveries: number[] = [];
		let terminated = 0;
		try {
			for (let round = 0; round < 3; round++) {
				await sleep(2_000);
				const [{ n }] = await admin<{ n: number }[]>`
					select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
					where datname = current_database() and pid <> pg_backend_pid()
					  and backend_type = 'client backend'`;
				terminated += n;
				const cut = performance.now();
				while (stream.lastAck() < cut && performance.now() - cut < 30_000) await sleep(20);
				recoveries.push(stream.lastAck() - cut);
			}
			await sleep(2_000);
		} finally {
			await admin.end();
		}
		await stream.stop();
		const up = server.alive();
		await server.stop();
		report(
			'PostgreSQL: pg_terminate_backend ×3',
			stream.tally,
			await storedOnPostgres(url, marker),
			`${up ? 'stayed up' : '**exited**'}; ${terminated} connections cut; next 201 after ${recoveries.map((ms) => ms.toFixed(0)).join(', ')} ms`
		);
		if (!up) process.exitCode = 1;

		// The database unreachable for 5 s (relay cut), as while PostgreSQL restarts.
		const outageMarker = `Awaria ${run} pg-outage`;
		const target = new URL(url);
		const link = relay(target, PORT + 1);
		await link.up();
		const viaRelay = new URL(url);
		viaRelay.hostname = '127.0.0.1';
		viaRelay.port = String(PORT + 1);
		const relayed = await startServer(PORT, { ...env, DATABASE_URL: viaRelay.href });
		await waitReady(relayed.base);
		const during = reportStream(relayed.base, outageMarker);
		await sleep(2_000);
		await link.down();
		await sleep(5_000);
		await link.up();
		const back = performance.now();
		while (during.lastAck() < back && performance.now() - back < 60_000) await sleep(20);
		const recovered = during.lastAck() - back;
		await sleep(2_000);
		await during.stop();
		const stayed = relayed.alive();
		await relayed.stop();
		await link.down();
		report(
			'PostgreSQL: unreachable for 5 s',
			during.tally,
			await storedOnPostgres(url, outageMarker),
			`${stayed ? 'stayed up' : '**exited**'}; next 201 ${recovered.toFixed(0)} ms after the database was back`
		);
		if (!stayed) process.exitCode = 1;
	} finally {
		rmSync(env.DATA_DIR, { recursive: true, force: true });
	}
}
