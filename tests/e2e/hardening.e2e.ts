import { expect, test } from './fixtures.ts';
import { E2E_PASSWORD, USERS } from './auth-helpers.ts';
import { gotoSettled } from './helpers.ts';

// Safe to put online, on the built app: a browser signing in stays on the app, adapter-node's body
// limit is a clear 413, and pages carry the CSP (the other hardening checks run in process:
// tests/http/hardening.spec.ts).

test('a browser signing in from /logowanie?next=/%09/evil.example stays on the app', async ({
	page,
	baseURL
}) => {
	await gotoSettled(page, '/logowanie?next=/%09/evil.example/phish');
	await page.getByLabel('Adres e-mail').fill(USERS.council);
	await page.getByLabel('Hasło').fill(E2E_PASSWORD);
	await page.getByRole('button', { name: 'Zaloguj się' }).click();
	await expect(page).toHaveURL(/\/panel/);
	expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? '').origin);
});

test('a JSON body over BODY_SIZE_LIMIT gets 413 with a Polish message', async ({ request }) => {
	const response = await request.post('/api/needs', {
		data: Buffer.from(JSON.stringify({ title: 'x'.repeat(13 * 1024 * 1024) })),
		headers: { 'content-type': 'application/json' }
	});
	expect(response.status()).toBe(413);
	expect((await response.json()).error).toMatch(/za duże/);
});

test('pages carry the CSP of svelte.config.js, which forbids framing', async ({ request }) => {
	expect((await request.get('/')).headers()['content-security-policy']).toContain(
		"frame-ancestors 'none'"
	);
});
