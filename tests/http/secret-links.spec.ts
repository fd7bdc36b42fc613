import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedToken, unsubscribeToken } from '../../src/lib/server/mail/tokens.ts';
import { readSecret } from '../db/guard-helpers.ts';
import { openApp, type App } from './app.ts';

// The pages behind a link sent by e-mail (confirm a subscription, unsubscribe): GET shows only a
// button, answers 404 for a forged link, and is neither cached nor indexed (the token is a secret).

let app: App;
let secret: string;
beforeAll(async () => {
	app = await openApp();
	secret = await readSecret(app.db);
});
afterAll(async () => {
	await app?.close();
});

describe('a page behind a link sent by e-mail', () => {
	it('answers a signed link, kept out of caches and search engines', async () => {
		for (const path of [
			`/obserwuj/${signedToken(secret, 'follow-confirm', randomUUID())}`,
			`/wypisz/${unsubscribeToken(secret, randomUUID())}`
		]) {
			const response = await app.request(`${path}/__data.json`);
			expect(response.status, path).toBe(200);
			expect(response.headers.get('cache-control'), path).toBe('private, no-store');
			expect(response.headers.get('x-robots-tag'), path).toBe('noindex');
		}
	});

	it('answers 404 for a link signed with another secret', async () => {
		for (const path of [
			`/obserwuj/${signedToken('inny', 'follow-confirm', randomUUID())}`,
			`/wypisz/${unsubscribeToken('inny', randomUUID())}`
		]) {
			expect((await app.request(`${path}/__data.json`)).status, path).toBe(404);
		}
	});

	it('words the unsubscribe page for whom the link was sent: a reporter or a follower', async () => {
		const html = async (token: string) => {
			const response = await app.request(`/wypisz/${token}`, {
				render: true,
				headers: { accept: 'text/html' }
			});
			expect(response.status).toBe(200);
			return response.text();
		};
		const id = randomUUID();
		const reporter = await html(unsubscribeToken(secret, id));
		expect(reporter).toContain('zmianach statusu Twoich zgłoszeń');
		expect(reporter).not.toContain('tej subskrypcji');
		const follower = await html(signedToken(secret, 'follow-unsubscribe', id));
		expect(follower).toContain('wiadomości z tej subskrypcji');
		expect(follower).not.toContain('Twoich zgłoszeń');
		const data = async (token: string) =>
			(await (await app.request(`/wypisz/${token}/__data.json`)).json()) as { audience: string };
		expect((await data(unsubscribeToken(secret, id))).audience).toBe('reporter');
		expect((await data(signedToken(secret, 'follow-unsubscribe', id))).audience).toBe('follower');
		// A follow confirmation token is not an unsubscribe link.
		expect(
			(await app.request(`/wypisz/${signedToken(secret, 'follow-confirm', id)}/__data.json`)).status
		).toBe(404);
	});
});
