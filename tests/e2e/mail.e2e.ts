import { expect, test, type APIRequestContext } from './fixtures.ts';
import { randomUUID } from 'node:crypto';
import { signIn } from './auth-helpers.ts';
import { seriousViolations } from './report-helpers.ts';

// Notifications: the reporter's way out of status e-mails — the link on their
// status page and in every message leads to a confirm page; mail clients use the RFC 8058
// one-click POST. GETs never unsubscribe.

/** A report with an e-mail contact through the public API; returns its private status link. */
async function reportWithEmail(request: APIRequestContext): Promise<string> {
	const res = await request.post('/api/needs', {
		data: {
			kind: 'need',
			category: 'seniorzy',
			title: 'Powiadomienia e-mail z testu',
			lon: 18.4267,
			lat: 52.265,
			idempotency_key: randomUUID(),
			contact: `powiadomienia-${randomUUID()}@example.org`,
			contact_consent: true
		}
	});
	expect(res.status()).toBe(201);
	return (await res.json()).status_url;
}

/** The unsubscribe token offered on a status page (null when there is no link). */
async function unsubscribeToken(request: APIRequestContext, statusUrl: string) {
	// text/html: the same URL answers JSON to other clients.
	const html = await (await request.get(statusUrl, { headers: { accept: 'text/html' } })).text();
	return /\/wypisz\/([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})/.exec(html)?.[1] ?? null;
}

test('a reporter stops status e-mails from their status page: confirm page, then done', async ({
	page
}) => {
	const statusUrl = await reportWithEmail(page.request);
	await page.goto(statusUrl);
	await page.getByRole('link', { name: 'Nie chcę powiadomień e-mail' }).click();
	await expect(page).toHaveURL(/\/wypisz\/[0-9a-f-]{36}\./);
	await expect(
		page.getByRole('heading', { level: 1, name: 'Powiadomienia e-mail o zgłoszeniu' })
	).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	await page.getByRole('button', { name: 'Wypisz mnie z powiadomień' }).click();
	await expect(page.getByRole('status')).toHaveText(/nie będziesz już otrzymywać powiadomień/);
	expect(await seriousViolations(page)).toEqual([]);

	// Unsubscribed: the status page no longer offers it.
	await page.goto(statusUrl);
	await expect(page.getByTestId('need-status')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Nie chcę powiadomień e-mail' })).toHaveCount(0);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the confirm form works as a plain form post', async ({ page }) => {
		const token = await unsubscribeToken(page.request, await reportWithEmail(page.request));
		expect(token).not.toBeNull();
		await page.goto(`/wypisz/${token}`);
		await page.getByRole('button', { name: 'Wypisz mnie z powiadomień' }).click();
		await expect(page.getByRole('status')).toHaveText(/nie będziesz już otrzymywać powiadomień/);
	});
});

test('RFC 8058 one-click: a cross-site POST unsubscribes; a GET only leads to the confirm page', async ({
	request
}) => {
	const statusUrl = await reportWithEmail(request);
	const token = await unsubscribeToken(request, statusUrl);
	expect(token).not.toBeNull();

	const get = await request.get(`/api/mail/unsubscribe/${token}`, { maxRedirects: 0 });
	expect(get.status()).toBe(303);
	expect(get.headers().location).toBe(`/wypisz/${token}`);
	expect(await unsubscribeToken(request, statusUrl)).toBe(token);

	// What a mail provider sends: a form body, from no page of this site.
	const post = await request.post(`/api/mail/unsubscribe/${token}`, {
		form: { 'List-Unsubscribe': 'One-Click' },
		headers: { origin: 'https://mail.example' }
	});
	expect(post.status()).toBe(200);
	expect(await post.json()).toEqual({ unsubscribed: true });
	expect(await unsubscribeToken(request, statusUrl)).toBeNull();
});

test('a forged or damaged link is refused with a clear message', async ({ page }) => {
	const forged = `${randomUUID()}.${'A'.repeat(43)}`;
	const response = await page.goto(`/wypisz/${forged}`);
	expect(response?.status()).toBe(404);
	await expect(page.getByText('Ten link do wypisania się jest nieprawidłowy')).toBeVisible();

	const post = await page.request.post(`/api/mail/unsubscribe/${forged}`, {
		form: { 'List-Unsubscribe': 'One-Click' }
	});
	expect(post.status()).toBe(404);
	expect((await post.json()).error).toMatch(/nieprawidłowy/);
});

test('the confirm page is in English under /en', async ({ page }) => {
	const token = await unsubscribeToken(page.request, await reportWithEmail(page.request));
	await page.goto(`/en/wypisz/${token}`);
	await expect(
		page.getByRole('heading', { level: 1, name: 'E-mail notifications about your report' })
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'Unsubscribe me' })).toBeVisible();
});

test.describe('the outbox in the panel', () => {
	test('an admin reads it: delivery mode, messages or the empty state, no serious axe violations', async ({
		page
	}) => {
		await signIn(page, 'admin', '/panel/poczta');
		await expect(page.getByRole('heading', { level: 1, name: 'Poczta wychodząca' })).toBeVisible();
		// The e2e server has no SMTP server: messages are kept for admins to read.
		await expect(page.getByRole('note').filter({ hasText: 'SMTP' })).toContainText(
			'nie jest skonfigurowany'
		);
		await expect(page.getByRole('link', { name: 'Poczta' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await expect(
			page.getByRole('table').or(page.getByText('Nie ma jeszcze żadnych wiadomości.'))
		).toBeVisible();
		expect(await seriousViolations(page)).toEqual([]);
	});

	for (const role of ['organizer', 'council'] as const) {
		test(`${role}: no access (403)`, async ({ page }) => {
			await signIn(page, role, '/panel/poczta');
			await expect(page.getByRole('heading', { name: 'Poczta wychodząca' })).toHaveCount(0);
			const response = await page.request.get('/panel/poczta');
			expect(response.status()).toBe(403);
		});
	}
});
