import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { isSameSite, publicOrigin } from './origin.ts';

// adapter-node without ORIGIN reports https even on plain http: the check must still accept the
// browser's own form posts and refuse other sites.
function event(url: string, headers: Record<string, string>): RequestEvent {
	return {
		url: new URL(url),
		request: new Request(url, { method: 'POST', headers })
	} as unknown as RequestEvent;
}

describe('origin checks', () => {
	const saved = process.env.ORIGIN;
	afterEach(() => {
		if (saved === undefined) delete process.env.ORIGIN;
		else process.env.ORIGIN = saved;
	});

	it('accepts a same-host http post when ORIGIN is unset, and builds links on it', () => {
		delete process.env.ORIGIN;
		const e = event('https://localhost:3000/zglos', {
			origin: 'http://localhost:3000',
			host: 'localhost:3000'
		});
		expect(isSameSite(e)).toBe(true);
		expect(publicOrigin(e)).toBe('http://localhost:3000');
	});

	it('refuses another site, a missing Origin and, with ORIGIN set, anything but ORIGIN', () => {
		delete process.env.ORIGIN;
		expect(
			isSameSite(
				event('https://localhost:3000/zglos', {
					origin: 'https://evil.example',
					host: 'localhost:3000'
				})
			)
		).toBe(false);
		expect(isSameSite(event('https://localhost:3000/zglos', { host: 'localhost:3000' }))).toBe(
			false
		);
		process.env.ORIGIN = 'https://mapa.example.pl';
		const e = event('https://mapa.example.pl/zglos', {
			origin: 'http://mapa.example.pl',
			host: 'mapa.example.pl'
		});
		expect(isSameSite(e)).toBe(false);
		expect(publicOrigin(e)).toBe('https://mapa.example.pl');
	});
});
