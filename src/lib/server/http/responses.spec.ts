import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequest } from '@sveltejs/kit/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	etagMatches,
	isBodyTooLarge,
	kitErrorMessage,
	openData,
	payloadTooLarge
} from './responses.ts';

describe('openData', () => {
	it('sends an ETag and answers 304 when the client already has that version', async () => {
		const first = openData(new Request('http://x/a'), '{"a":1}', 'application/json');
		expect(first.status).toBe(200);
		const etag = first.headers.get('etag');
		expect(etag).toMatch(/^".+"$/);
		expect(first.headers.get('cache-control')).toContain('max-age');
		const again = openData(
			new Request('http://x/a', { headers: { 'if-none-match': `W/${etag}` } }),
			'{"a":1}',
			'application/json'
		);
		expect(again.status).toBe(304);
		const changed = openData(
			new Request('http://x/a', { headers: { 'if-none-match': etag ?? '' } }),
			'{"a":2}',
			'application/json'
		);
		expect(changed.status).toBe(200);
		expect(await changed.text()).toBe('{"a":2}');
	});
});

describe('a body over BODY_SIZE_LIMIT', () => {
	// The request as adapter-node builds it (getRequest with its body limit), read like /api/needs.
	const LIMIT = 1024;
	let server: Server;
	let url: string;
	beforeAll(async () => {
		const answer = async (req: IncomingMessage, res: ServerResponse) => {
			const request = await getRequest({ base: 'http://x', request: req, bodySizeLimit: LIMIT });
			let response: Response;
			try {
				const body = await request.json();
				response = Response.json({ keys: Object.keys(body as object) });
			} catch (e) {
				response = isBodyTooLarge(e) ? payloadTooLarge() : new Response('bad', { status: 400 });
			}
			res.writeHead(response.status, { 'content-type': 'application/json' });
			res.end(await response.text());
		};
		// The test's fetch waits for the answer; a failure there fails the test.
		server = createServer((req, res) => void answer(req, res));
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	afterAll(() => new Promise<void>((done) => server.close(() => done())));

	const post = (body: string | ReadableStream, headers: Record<string, string> = {}) =>
		fetch(url, {
			method: 'POST',
			body,
			headers: { 'content-type': 'application/json', ...headers },
			duplex: 'half'
		} as RequestInit);

	it('gets 413 with a Polish JSON error, by Content-Length or while streaming', async () => {
		const big = JSON.stringify({ title: 'x'.repeat(LIMIT * 4) });
		const declared = await post(big);
		expect(declared.status).toBe(413);
		expect(await declared.json()).toEqual({ error: expect.stringMatching(/za duże/) });
		// Chunked, without Content-Length: the limit is hit while reading.
		const chunks = new ReadableStream({
			start(controller) {
				for (let i = 0; i < 8; i++)
					controller.enqueue(new TextEncoder().encode(big.slice(i * 600, (i + 1) * 600)));
				controller.close();
			}
		});
		expect((await post(chunks)).status).toBe(413);
	});

	it('a small body is read, malformed JSON stays 400', async () => {
		expect(await (await post('{"a":1}')).json()).toEqual({ keys: ['a'] });
		expect((await post('{"a":')).status).toBe(400);
	});

	it('isBodyTooLarge recognises only the 413 error; handleError words it in Polish', () => {
		expect(isBodyTooLarge(new SyntaxError('Unexpected end of JSON input'))).toBe(false);
		expect(isBodyTooLarge(null)).toBe(false);
		expect(kitErrorMessage(413)).toMatch(/za duże/);
		expect(kitErrorMessage(404)).toBeUndefined();
	});
});

describe('etagMatches', () => {
	const req = (value: string) => new Request('http://x/a', { headers: { 'if-none-match': value } });
	it('compares weakly, reads lists and *, and is false without the header', () => {
		expect(etagMatches(req('W/"a"'), '"a"')).toBe(true);
		expect(etagMatches(req('"a"'), 'W/"a"')).toBe(true);
		expect(etagMatches(req('"b", W/"a"'), 'W/"a"')).toBe(true);
		expect(etagMatches(req('*'), 'W/"a"')).toBe(true);
		expect(etagMatches(req('"b"'), 'W/"a"')).toBe(false);
		expect(etagMatches(new Request('http://x/a'), '"a"')).toBe(false);
	});
});
