import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, USERS } from '../accounts.ts';
import { ORIGIN, openApp, type App } from './app.ts';

// Safe to put online: sign-in never sends the browser to another site, NUL bytes are clear 4xx
// answers, and every response of the app carries the security headers. (A body over
// BODY_SIZE_LIMIT and the pages' CSP come from adapter-node and page rendering: the browser
// suite checks those on the built app.)

let app: App;
beforeAll(async () => {
	app = await openApp({ staff: ['council'] });
});
afterAll(async () => {
	await app?.close();
});

describe('hardening', () => {
	it('after sign-in, next stays on the app for every encoding of another site', async () => {
		const attacks = [
			'/\t/evil.example/phish',
			'/\n/evil.example',
			'/\r\n/evil.example',
			'//evil.example',
			'///evil.example',
			'/\\evil.example',
			'\\\\evil.example',
			'/.//evil.example',
			'/%2e//evil.example',
			'https://evil.example/',
			'https:evil.example',
			'javascript:alert(1)',
			'/panel\r\nSet-Cookie: x=1',
			'/panel/ząb'
		];
		for (const next of attacks) {
			const response = await app.request('/logowanie?/password', {
				method: 'POST',
				form: { email: USERS.council, password: PASSWORD, next },
				headers: { origin: ORIGIN, accept: 'text/html' }
			});
			expect(response.status, JSON.stringify(next)).toBe(303);
			const target = new URL(response.headers.get('location') ?? '', ORIGIN);
			expect(target.origin, JSON.stringify(next)).toBe(ORIGIN);
		}
	});

	it('NUL bytes in a path or a query are 400 with a message, never 500', async () => {
		for (const url of [
			'/%00',
			'/dzialania/%00',
			'/panel/zasoby/%00',
			'/api/needs.geojson?kategoria=%00',
			'/dzialania?wies=%00',
			'/logowanie?next=/%00'
		]) {
			const response = await app.request(url);
			expect(response.status, url).toBe(400);
			expect(await response.text(), url).toMatch(/bajt zerowy/);
		}
	});

	it('pages, the API and errors carry nosniff, the referrer policy and the permissions policy', async () => {
		for (const url of ['/', '/api/needs.geojson', '/nie-ma-takiej-strony', '/en/dzialania']) {
			const headers = (await app.request(url)).headers;
			expect(headers.get('x-content-type-options'), url).toBe('nosniff');
			expect(headers.get('referrer-policy'), url).toBe('strict-origin-when-cross-origin');
			expect(headers.get('permissions-policy'), url).toContain('geolocation=(self)');
			expect(headers.get('permissions-policy'), url).toContain('camera=()');
		}
	});
});
