import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	handleInvalidInput,
	handleNulInUrl,
	isInvalidInputError,
	urlHasNul
} from './invalid-input.ts';

const event = (url: string, headers: Record<string, string> = {}) =>
	({ url: new URL(url), request: new Request(url, { headers }), locals: {} }) as RequestEvent;
const ok = async () => new Response('ok');

describe('NUL in the URL', () => {
	it.each([
		['http://x/panel/zasoby/%00', true],
		['http://x/api/needs.geojson?kategoria=%00', true],
		['http://x/?q=a%00b', true],
		['http://x/?q=a%2500b', false],
		['http://x/zglos?q=%C5%82awka', false],
		['http://x/', false]
	])('%s → %s', (url, expected) => {
		expect(urlHasNul(new URL(url))).toBe(expected);
	});

	it('answers 400 with a Polish message: JSON for the API, text for pages', async () => {
		const api = await handleNulInUrl({
			event: event('http://x/api/needs.geojson?kategoria=%00'),
			resolve: ok
		});
		expect(api.status).toBe(400);
		expect(await api.json()).toEqual({ error: expect.stringMatching(/zerowy|NUL/) });
		const page = await handleNulInUrl({ event: event('http://x/dzialania/%00'), resolve: ok });
		expect(page.status).toBe(400);
		expect(page.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await page.text()).toMatch(/zerowy|NUL/);
		const fine = await handleNulInUrl({ event: event('http://x/dzialania'), resolve: ok });
		expect(await fine.text()).toBe('ok');
	});
});

describe('PostgreSQL input errors', () => {
	it('recognises the SQLSTATEs of NUL and malformed values only', () => {
		for (const code of ['22021', '22P05', '22P02'])
			expect(isInvalidInputError({ code })).toBe(true);
		for (const e of [{ code: '23505' }, { code: '08006' }, new Error('x'), null, 'x'])
			expect(isInvalidInputError(e)).toBe(false);
	});

	/** Runs the handle with a locals.db that fails with `failure`; returns what the handler got. */
	async function through(failure: unknown) {
		const e = event('http://x/panel');
		e.locals.db = () => Promise.reject(failure);
		let caught: unknown;
		await handleInvalidInput({
			event: e,
			resolve: async (ev) => {
				caught = await ev.locals.db(async () => 1).catch((x: unknown) => x);
				return new Response('ok');
			}
		});
		return caught;
	}

	it('turns them into a 400 that keeps the SQLSTATE for handlers that map it themselves', async () => {
		const caught = await through({ code: '22021', message: 'invalid byte sequence' });
		expect(isHttpError(caught, 400)).toBe(true);
		expect(caught).toMatchObject({ code: '22021', body: { message: expect.any(String) } });
	});

	it('lets every other error through unchanged', async () => {
		const failure = { code: '23505', message: 'duplicate key' };
		expect(await through(failure)).toBe(failure);
	});
});
