// Load runs for `npm run bench` (autocannon): many connections at once against the built app,
// each run bounded in time, loopback only. The server must run with RATE_LIMIT_REPORTS=off.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { reportBody } from './bench-server.ts';

/** Seconds per run: short, the machine has two cores shared by server, database and client. */
export const LOAD_SECONDS = 10;

interface LoadCase {
	label: string;
	path: string;
	connections: number;
	post?: boolean;
}

export const LOAD_CASES: LoadCase[] = [
	{ label: '`GET /api/needs.geojson`', path: '/api/needs.geojson', connections: 50 },
	{ label: '`GET /` (server-rendered page)', path: '/', connections: 50 },
	// Each request its own idempotency key, so every one is a new report (a transaction).
	{ label: '`POST /api/needs` (JSON report)', path: '/api/needs', connections: 20, post: true }
];

export const LOAD_HEADER =
	'| backend | request | connections | req/s | p50 ms | p99 ms | 2xx | non-2xx | errors |\n|---|---|---|---|---|---|---|---|---|';

/** Runs every case against `base` and prints one table row each. */
export async function loadRuns(base: string, backend: string): Promise<void> {
	for (const c of LOAD_CASES) {
		let i = 0;
		const result = await autocannon({
			url: base + c.path,
			connections: c.connections,
			duration: LOAD_SECONDS,
			...(c.post
				? {
						method: 'POST' as const,
						headers: { 'content-type': 'application/json' },
						requests: [
							{
								setupRequest: (request) => ({ ...request, body: reportBody(i++, randomUUID()) })
							}
						]
					}
				: {})
		});
		// autocannon counts timeouts (no answer within 10 s) among the errors.
		const errors = result.timeouts
			? `${result.errors} (${result.timeouts} timeouts)`
			: String(result.errors);
		console.log(
			`| ${backend} | ${c.label} | ${c.connections} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result['2xx']} | ${result.non2xx} | ${errors} |`
		);
	}
}
