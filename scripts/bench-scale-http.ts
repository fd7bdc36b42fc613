// HTTP measurements for `npm run bench:scale`: timed requests that ask for compression as a
// browser does and count both the bytes on the wire and the decoded body, the map's tiles over
// the region, and how long a light request waits behind a heavy one.
import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { percentile } from './bench-server.ts';

export interface Answer {
	/** 0 when no answer came (timeout, reset). */
	status: number;
	ms: number;
	/** Bytes as sent (compressed when the server compressed). */
	wire: number;
	/** Bytes of the decoded body. */
	bytes: number;
	body: Buffer;
	headers: IncomingHttpHeaders;
	error?: string;
}

/** No answer within this long counts as none (status 0). */
export const REQUEST_TIMEOUT_MS = 90_000;

/** GET `path` with `Accept-Encoding: br, gzip`; never throws. */
export function get(base: string, path: string, headers: Record<string, string> = {}) {
	return new Promise<Answer>((resolve) => {
		const t0 = performance.now();
		const fail = (error: Error) =>
			resolve({
				status: 0,
				ms: performance.now() - t0,
				wire: 0,
				bytes: 0,
				body: Buffer.alloc(0),
				headers: {},
				error: error.message
			});
		const req = request(
			base + path,
			{ headers: { 'accept-encoding': 'br, gzip', ...headers }, timeout: REQUEST_TIMEOUT_MS },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', fail);
				res.on('end', () => {
					const ms = performance.now() - t0;
					const raw = Buffer.concat(chunks);
					const encoding = res.headers['content-encoding'];
					const body =
						encoding === 'br'
							? brotliDecompressSync(raw)
							: encoding === 'gzip'
								? gunzipSync(raw)
								: raw;
					resolve({
						status: res.statusCode ?? 0,
						ms,
						wire: raw.length,
						bytes: body.length,
						body,
						headers: res.headers
					});
				});
			}
		);
		req.on('timeout', () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)));
		req.on('error', fail);
		req.end();
	});
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
export const ms = (value: number) =>
	value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
/** "200" or the failure, for a table cell. */
export const statusNote = (a: Answer) =>
	a.status === 0 ? `no answer (${a.error})` : a.status >= 400 ? `**${a.status}**` : '';

/** The first answer (cold) and the median of `n` more (warm or cached). */
export async function coldAndWarm(
	base: string,
	path: string,
	n: number,
	headers: Record<string, string> = {}
) {
	const cold = await get(base, path, headers);
	const warm: Answer[] = [];
	for (let i = 0; i < n; i++) warm.push(await get(base, path, headers));
	const sorted = warm.map((a) => a.ms).sort((a, b) => a - b);
	const bad = [cold, ...warm].find((a) => a.status === 0 || a.status >= 400);
	return { cold, p50: percentile(sorted, 50), bad };
}

/** One cell: "cold X, then p50 Y" with the failure when there was one. */
export function coldWarmCell(r: Awaited<ReturnType<typeof coldAndWarm>>, size = false): string {
	const parts = [`${ms(r.cold.ms)} cold, ${ms(r.p50)} p50`];
	if (size) parts.push(`${kb(r.cold.bytes)} (${kb(r.cold.wire)} sent)`);
	if (r.bad) parts.push(statusNote(r.bad));
	return parts.join(', ');
}

// Tiles: the XYZ scheme of Web Mercator (EPSG:3857), as the map asks for them.
type Bbox = [number, number, number, number];

function tileOf(lon: number, lat: number, z: number): [number, number] {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return [
		Math.floor(((lon + 180) / 360) * n),
		Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
	];
}

/** Every tile of zoom `z` over `bbox`, the ones nearest its centre first. */
export function tilesOver([w, s, e, n]: Bbox, z: number): string[] {
	const [x0, y0] = tileOf(w, n, z);
	const [x1, y1] = tileOf(e, s, z);
	const [cx, cy] = tileOf((w + e) / 2, (s + n) / 2, z);
	const tiles: [number, number][] = [];
	for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push([x, y]);
	tiles.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
	return tiles.map(([x, y]) => `${z}/${x}/${y}`);
}

/** The region's bounding box, from its boundary (/api/region.geojson). */
export async function regionBbox(base: string): Promise<Bbox> {
	const answer = await get(base, '/api/region.geojson');
	const feature = JSON.parse(answer.body.toString()) as { geometry: { coordinates: unknown } };
	const coords = (feature.geometry.coordinates as number[][][][]).flat(2);
	const lons = coords.map(([lon]) => lon);
	const lats = coords.map(([, lat]) => lat);
	return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** Sequential cold requests for `tiles` of `layer`: p50, p95, max time; largest tile. */
export async function tileRun(base: string, layer: string, tiles: string[], query = '') {
	const answers: Answer[] = [];
	for (const t of tiles) answers.push(await get(base, `/api/tiles/${layer}/${t}.mvt${query}`));
	const times = answers.map((a) => a.ms).sort((a, b) => a - b);
	const largest = answers.reduce((a, b) => (b.bytes > a.bytes ? b : a));
	const bad = answers.filter((a) => a.status === 0 || a.status >= 400);
	return {
		cell:
			`${tiles.length} tiles: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, ` +
			`max ${ms(times[times.length - 1])}; largest ${kb(largest.bytes)} (${kb(largest.wire)} sent)` +
			(bad.length ? `; **${bad.length} failed** (${statusNote(bad[0])})` : ''),
		failed: bad.length
	};
}

/** A screen's worth of tiles fetched at once, as MapLibre does: the wall time until the last. */
export async function tileScreen(base: string, paths: string[]) {
	const t0 = performance.now();
	const answers = await Promise.all(paths.map((p) => get(base, p)));
	const wall = performance.now() - t0;
	const bad = answers.filter((a) => a.status === 0 || a.status >= 400);
	return `${paths.length} tiles at once: ${ms(wall)}${bad.length ? `; **${bad.length} failed**` : ''}`;
}

/**
 * Sends `heavy`; 30 ms later starts two light requests again and again, each one after another,
 * until the heavy one is answered: `/readyz` (one short database query) and `/healthz` (no
 * database). Their latency alone is measured first, so the cell gives how much longer each took
 * meanwhile (its worst wait). A wait of `/readyz` alone is a wait for the database; a wait of
 * both is the server's event loop, busy with the heavy request's own work.
 */
export async function waitBehind(
	base: string,
	heavy: string,
	headers: Record<string, string> = {}
) {
	const lights = ['/readyz', '/healthz'];
	const alone = await Promise.all(
		lights.map(async (light) => {
			const times: number[] = [];
			for (let i = 0; i < 10; i++) times.push((await get(base, light)).ms);
			return percentile(
				times.sort((a, b) => a - b),
				50
			);
		})
	);
	let done = false;
	const heavyAnswer = get(base, heavy, headers).finally(() => (done = true));
	await new Promise((resolve) => setTimeout(resolve, 30));
	const during = await Promise.all(
		lights.map(async (light) => {
			const times: number[] = [];
			while (!done || times.length === 0) times.push((await get(base, light)).ms);
			return times;
		})
	);
	const h = await heavyAnswer;
	const worst = during.map((times) => Math.max(...times));
	return {
		/** The longest extra wait of either light request. */
		waitMs: Math.max(0, ...worst.map((w, i) => w - alone[i])),
		cell:
			`\`${heavy}\` ${ms(h.ms)}${h.status >= 400 || h.status === 0 ? ` (${statusNote(h)})` : ''}: ` +
			lights
				.map(
					(light, i) =>
						`\`${light}\` worst ${ms(worst[i])} (alone ${ms(alone[i])}, ${during[i].length} requests)`
				)
				.join(', ')
	};
}
