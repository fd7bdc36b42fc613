import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from './app.ts';

// Text responses travel compressed as the client negotiates (RFC 9110 §12.5.3), and decompress to
// exactly what an uncompressing client gets.

let app: App;
beforeAll(async () => {
	app = await openApp();
});
afterAll(async () => {
	await app?.close();
});

const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

const decode = (encoding: string | null, body: Buffer) =>
	encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;

describe('compression', () => {
	it('sends every kind of text compressed, and it decompresses to the plain body', async () => {
		for (const path of [
			'/api/needs.geojson',
			'/api/villages.geojson',
			'/api/categories',
			'/dzialania.ics',
			'/api/diagnoza/gmina.csv',
			'/open311/v2/requests.xml',
			'/'
		]) {
			const plain = await app.request(path);
			expect(plain.status, path).toBe(200);
			expect(plain.headers.get('content-encoding'), path).toBeNull();
			expect(plain.headers.get('vary') ?? '', path).toMatch(/accept-encoding/i);
			const plainBody = await bytes(plain);
			for (const encoding of ['gzip', 'br']) {
				const res = await app.request(path, { headers: { 'accept-encoding': encoding } });
				expect(res.headers.get('content-encoding'), `${path} ${encoding}`).toBe(encoding);
				const body = await bytes(res);
				const text = decode(encoding, body).toString('utf8');
				if (path === '/') {
					// A page carries a fresh CSP nonce each time: compare its shape, not its bytes.
					expect(text).toMatch(/^<!doctype html>/i);
				} else {
					expect(text, `${path} ${encoding}`).toBe(plainBody.toString('utf8'));
				}
				if (plainBody.length > 20_000) expect(body.length).toBeLessThan(plainBody.length / 4);
			}
		}
	});

	it('prefers brotli, honours q-values, and leaves an unwilling client alone', async () => {
		const enc = async (accept: string) =>
			(
				await app.request('/api/needs.geojson', { headers: { 'accept-encoding': accept } })
			).headers.get('content-encoding');
		expect(await enc('gzip, deflate, br')).toBe('br');
		expect(await enc('br;q=0.5, gzip')).toBe('gzip');
		expect(await enc('br;q=0, gzip;q=0')).toBeNull();
		expect(await enc('identity')).toBeNull();
		expect(await enc('deflate')).toBeNull();
	});

	it('keeps the ETag usable: weak when compressed, and If-None-Match still answers 304', async () => {
		const res = await app.request('/api/needs.geojson', { headers: { 'accept-encoding': 'gzip' } });
		const etag = res.headers.get('etag');
		expect(etag).toMatch(/^W\/"/);
		const again = await app.request('/api/needs.geojson', {
			headers: { 'accept-encoding': 'gzip', 'if-none-match': etag ?? '' }
		});
		expect(again.status).toBe(304);
		expect(again.headers.get('content-encoding')).toBeNull();
	});

	it('never compresses a PDF or a live event stream', async () => {
		const pdf = await app.request('/api/diagnoza/gmina.pdf', {
			headers: { 'accept-encoding': 'gzip' }
		});
		expect(pdf.headers.get('content-type')).toContain('application/pdf');
		expect(pdf.headers.get('content-encoding')).toBeNull();
		expect((await bytes(pdf)).subarray(0, 5).toString()).toBe('%PDF-');
	});
});
