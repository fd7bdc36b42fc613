import { expect, test } from '@playwright/test';
import { E2E_PASSWORD, USERS } from './auth-helpers.ts';

// Safe to put online: sign-in never sends the browser to another site, NUL bytes and oversized
// bodies are clear 4xx answers, and every response of the app carries the security headers.

test('after sign-in, next stays on the app for every encoding of another site', async ({
	request,
	baseURL
}) => {
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
		const response = await request.post('/logowanie?/password', {
			form: { email: USERS.council, password: E2E_PASSWORD, next },
			headers: { origin: baseURL ?? '', accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status(), JSON.stringify(next)).toBe(303);
		const target = new URL(response.headers().location, baseURL);
		expect(target.origin, JSON.stringify(next)).toBe(new URL(baseURL ?? '').origin);
	}
});

test('a browser signing in from /logowanie?next=/%09/evil.example stays on the app', async ({
	page,
	baseURL
}) => {
	await page.goto('/logowanie?next=/%09/evil.example/phish');
	await page.waitForLoadState('networkidle');
	await page.getByLabel('Adres e-mail').fill(USERS.council);
	await page.getByLabel('Hasło').fill(E2E_PASSWORD);
	await page.getByRole('button', { name: 'Zaloguj się' }).click();
	await expect(page).toHaveURL(/\/panel/);
	expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? '').origin);
});

test('NUL bytes in a path, a query or a JSON field are 4xx with a message, never 500', async ({
	request
}) => {
	for (const url of [
		'/%00',
		'/dzialania/%00',
		'/panel/zasoby/%00',
		'/api/needs.geojson?kategoria=%00',
		'/dzialania?wies=%00',
		'/logowanie?next=/%00'
	]) {
		const response = await request.get(url, { maxRedirects: 0 });
		expect(response.status(), url).toBe(400);
		expect(await response.text(), url).toMatch(/bajt zerowy/);
	}
	const report = await request.post('/api/needs', {
		data: {
			kind: 'potrzeba',
			category: 'seniorzy',
			title: 'Ławka\u0000',
			lon: 18.4267,
			lat: 52.265,
			idempotency_key: 'nul-test-0000000001'
		}
	});
	expect(report.status()).toBe(422);
	expect((await report.json()).fields.title).toMatch(/bajt zerowy/);
});

test('a title of zero-width spaces is refused', async ({ request }) => {
	const response = await request.post('/api/needs', {
		data: {
			kind: 'potrzeba',
			category: 'seniorzy',
			title: '\u200b\u200b\u200b\u200b\u200b',
			lon: 18.4267,
			lat: 52.265,
			idempotency_key: 'zwsp-test-000000001'
		}
	});
	expect(response.status()).toBe(422);
	expect((await response.json()).fields.title).toMatch(/co najmniej 3/);
});

test('a JSON body over BODY_SIZE_LIMIT gets 413 with a Polish message', async ({ request }) => {
	const response = await request.post('/api/needs', {
		data: Buffer.from(JSON.stringify({ title: 'x'.repeat(13 * 1024 * 1024) })),
		headers: { 'content-type': 'application/json' }
	});
	expect(response.status()).toBe(413);
	expect((await response.json()).error).toMatch(/za duże/);
});

test('pages, the API and errors carry nosniff, the referrer policy and the permissions policy', async ({
	request
}) => {
	for (const url of ['/', '/api/needs.geojson', '/nie-ma-takiej-strony', '/en/dzialania']) {
		const headers = (await request.get(url, { maxRedirects: 0 })).headers();
		expect(headers['x-content-type-options'], url).toBe('nosniff');
		expect(headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
		expect(headers['permissions-policy'], url).toContain('geolocation=(self)');
		expect(headers['permissions-policy'], url).toContain('camera=()');
	}
	expect((await request.get('/')).headers()['content-security-policy']).toContain(
		"frame-ancestors 'none'"
	);
});
