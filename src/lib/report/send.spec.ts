import { describe, expect, it } from 'vitest';
import { backoffMs, newIdempotencyKey, sendReport, serverAnswers, toFormData } from './send';
import { reportFields } from './test-reports';

const fields = reportFields('0b6f3c9e-3d2a-4c1b-9f7e-2a1b3c4d5e6f');
const entry = { fields, photo: null, photoName: null };

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
	const fake: typeof fetch = async () =>
		new Response(typeof body === 'string' ? body : JSON.stringify(body), {
			status,
			headers: { 'content-type': 'application/json', ...headers }
		});
	return fake;
}

describe('sendReport', () => {
	it('reads the reference of a created (or replayed) report', async () => {
		const outcome = await sendReport(
			entry,
			'fallback',
			answer(201, { ref: 'KR-2026-0001', status_url: 'http://x/zgloszenie/abc' })
		);
		expect(outcome).toEqual({
			kind: 'sent',
			ref: 'KR-2026-0001',
			statusUrl: 'http://x/zgloszenie/abc'
		});
	});

	it('gives up on refusals the server explains, with its Polish message', async () => {
		expect(
			await sendReport(
				entry,
				'fallback',
				answer(422, { error: 'Popraw pola', fields: { lat: 'Punkt leży poza gminą Kramsk.' } })
			)
		).toEqual({ kind: 'rejected', message: 'Punkt leży poza gminą Kramsk.' });
		expect(await sendReport(entry, 'fallback', answer(409, { error: 'Klucz użyty' }))).toEqual({
			kind: 'rejected',
			message: 'Klucz użyty'
		});
		// A body limit answered by the HTTP server itself, without JSON.
		expect(await sendReport(entry, 'fallback', answer(413, 'Payload Too Large'))).toEqual({
			kind: 'rejected',
			message: 'fallback'
		});
	});

	it('keeps the report for later on network errors, 5xx, 429 and foreign answers', async () => {
		const offline: typeof fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		// `down`: our server was not reached, so the queue watches for it to come back.
		expect(await sendReport(entry, 'f', offline)).toEqual({
			kind: 'retry',
			afterMs: null,
			down: true
		});
		expect(await sendReport(entry, 'f', answer(503, 'Service Unavailable'))).toEqual({
			kind: 'retry',
			afterMs: null,
			down: true
		});
		// Our app answered with its own error: the backoff decides.
		expect(await sendReport(entry, 'f', answer(500, { error: 'x' }))).toEqual({
			kind: 'retry',
			afterMs: null,
			down: false
		});
		expect(
			await sendReport(entry, 'f', answer(429, { error: 'x' }, { 'retry-after': '120' }))
		).toEqual({ kind: 'retry', afterMs: 120_000, down: false });
		expect(
			await sendReport(entry, 'f', answer(503, { error: 'x' }, { 'retry-after': '30' }))
		).toEqual({ kind: 'retry', afterMs: 30_000, down: false });
		// A hotspot login page answering 200 with HTML is not our server.
		expect(await sendReport(entry, 'f', answer(200, '<html>Zaloguj się</html>'))).toEqual({
			kind: 'retry',
			afterMs: null,
			down: true
		});
	});
});

describe('serverAnswers', () => {
	it('is true only for our /healthz answer', async () => {
		let asked = '';
		const ours: typeof fetch = async (input) => {
			asked = input instanceof Request ? input.url : input.toString();
			return Response.json({ status: 'ok', uptime_s: 3 });
		};
		expect(await serverAnswers(ours)).toBe(true);
		expect(asked).toBe('/healthz');
		expect(await serverAnswers(answer(200, '<html>Zaloguj się</html>'))).toBe(false);
		expect(await serverAnswers(answer(502, 'Bad Gateway'))).toBe(false);
		const offline: typeof fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		expect(await serverAnswers(offline)).toBe(false);
	});
});

describe('helpers', () => {
	it('backs off from 15 s, doubling, to at most 30 min', () => {
		expect([1, 2, 3, 4].map(backoffMs)).toEqual([15_000, 30_000, 60_000, 120_000]);
		expect(backoffMs(50)).toBe(30 * 60_000);
	});

	it('makes version 4 UUIDs, different every time', () => {
		const a = newIdempotencyKey();
		expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(newIdempotencyKey()).not.toBe(a);
	});

	it('sends the form field names, consent only when given', () => {
		const data = toFormData(fields, new Blob(['x'], { type: 'image/jpeg' }), 'a.jpg');
		expect(data.get('idempotency_key')).toBe(fields.idempotency_key);
		expect(data.get('village')).toBe('kramsk');
		expect(data.get('website')).toBe('');
		expect(data.has('contact_consent')).toBe(false);
		expect(data.get('photo')).toBeInstanceOf(Blob);
		expect(
			toFormData({ ...fields, contact_consent: true }, null, null).get('contact_consent')
		).toBe('on');
	});
});
