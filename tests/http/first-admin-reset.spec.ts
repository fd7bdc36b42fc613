import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSetupLink, issueSetupLink } from '../../src/lib/server/auth/setup.ts';
import { resetPath } from '../../src/lib/server/auth/reset.ts';
import { createMailer } from '../../src/lib/server/mail/mailer.ts';
import { PASSWORD, USERS } from '../accounts.ts';
import { readSecret } from '../db/guard-helpers.ts';
import { openApp, ORIGIN, type App, type Client } from './app.ts';

// Getting in: the first admin through the one-time link the server prints at start, and a
// forgotten password through a single-use, time-limited reset link (by mail, or shown to the
// admin when no mail server is configured).

const FORM = { origin: ORIGIN, accept: 'application/json' };
const NEW_PASSWORD = 'nowe-haslo-do-panelu-1';

const post = (client: Pick<App, 'request'>, path: string, form: Record<string, string>) =>
	client.request(path, { method: 'POST', form, headers: FORM });

/** Whether the client's session opens the panel (303 to the login page otherwise). */
const inPanel = async (client: Client) => (await client.request('/panel/__data.json')).status;

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

describe('the first admin, with the setup link printed at start', () => {
	let app: App;
	beforeAll(async () => {
		app = await openApp();
	});
	afterAll(async () => app?.close());

	it('prints a link at each start while no admin exists; it creates the admin once, then stops working', async () => {
		const lines: string[] = [];
		await announceSetupLink(app.db, `${ORIGIN}/`, (line) => lines.push(line));
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^Brak konta administratora\. .*http:\/\/localhost\/konfiguracja\//);
		const printed = tokenOf(lines[0]);

		// An expired link is refused with a Polish 410, before and after the form is sent.
		await app.db.asOwner((tx) =>
			tx.query("update private.setup_tokens set expires_at = now() - interval '1 second'")
		);
		const expired = await app.request(`/konfiguracja/${printed}/__data.json`, {
			headers: { accept: 'application/json' }
		});
		expect(expired.status).toBe(410);
		expect(((await expired.json()) as { message: string }).message).toContain('wygasł');
		const late = await post(app, `/konfiguracja/${printed}`, {
			email: 'ala@kramsk.test',
			password: NEW_PASSWORD
		});
		expect(late.status).toBe(410);

		// The next start prints a new link; the one before no longer works.
		const link = await issueSetupLink(app.db, ORIGIN);
		expect(link).toMatch(/^http:\/\/localhost\/konfiguracja\/[A-Za-z0-9_-]{43}$/);
		const token = tokenOf(link ?? '');
		expect((await app.request(`/konfiguracja/${printed}/__data.json`)).status).toBe(404);
		const page = await app.request(`/konfiguracja/${token}/__data.json`);
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toBe('private, no-store');

		// A short password: 400, the e-mail comes back, the link still works.
		const browser = app.browser();
		const short = await post(browser, `/konfiguracja/${token}`, {
			email: 'ala@kramsk.test',
			password: 'krotkie'
		});
		expect(short.status).toBe(400);
		const body = (await short.json()) as {
			values: { email: string };
			errors: { password: string };
		};
		expect(body.values.email).toBe('ala@kramsk.test');
		expect(body.errors.password).toContain('12 znaków');

		const created = await post(browser, `/konfiguracja/${token}`, {
			email: 'ala@kramsk.test',
			password: NEW_PASSWORD
		});
		expect(created.status).toBe(303);
		expect(created.headers.get('location')).toBe('/panel');
		// Signed in as the new admin at once.
		expect((await browser.request('/panel/uzytkownicy/__data.json')).status).toBe(200);

		// The link is used up, and no new one is printed now that an admin exists.
		const again = await post(app.browser(), `/konfiguracja/${token}`, {
			email: 'ola@kramsk.test',
			password: NEW_PASSWORD
		});
		expect(again.status).toBe(404);
		expect(((await again.json()) as { message: string }).message).toContain('już użyty');
		expect((await app.request(`/konfiguracja/${token}/__data.json`)).status).toBe(404);
		const after: string[] = [];
		await announceSetupLink(app.db, ORIGIN, (line) => after.push(line));
		expect(after).toEqual([]);
	});
});

describe('a forgotten password', () => {
	let app: App;
	let secret: string;
	beforeAll(async () => {
		app = await openApp({ staff: ['admin', 'organizer', 'council'] });
		secret = await readSecret(app.db);
	});
	afterAll(async () => app?.close());

	const latestReset = async (email: string) => {
		const [row] = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>(
				`select r.id::text as id from private.password_resets r
				 join private.local_accounts a on a.id = r.account_id where a.email = $1`,
				[email]
			)
		);
		return row?.id ?? null;
	};

	it('the sign-in page links to the form that asks for a reset link', async () => {
		const html = async (path: string) =>
			(await app.request(path, { render: true, headers: { accept: 'text/html' } })).text();
		expect(await html('/logowanie')).toContain('href="/logowanie/haslo">Nie pamiętasz hasła?</a>');
		const form = await html('/logowanie/haslo');
		expect(form).toContain('Zmiana zapomnianego hasła');
		expect(form).toContain('name="email"');
	});

	it('answers the same for any address, and mails a link only to an account', async () => {
		const unknown = await post(app, '/logowanie/haslo', { email: 'nikt@kramsk.test' });
		const known = await post(app, '/logowanie/haslo', { email: USERS.organizer });
		expect(unknown.status).toBe(200);
		expect(known.status).toBe(200);
		expect(await known.text()).toBe(await unknown.text());
		const mails = await app.db.asOwner((tx) =>
			tx.query<{ to_email: string }>(
				"select to_email from public.mail_outbox where kind = 'password_reset'"
			)
		);
		expect(mails.map((m) => m.to_email)).toEqual([USERS.organizer]);

		// Without a mail server the message is held; the outbox keeps it without the link.
		const mailer = createMailer(app.db, {
			smtp: undefined,
			from: 'x@kramsk.test',
			baseUrl: ORIGIN
		});
		expect((await mailer.drain()).held).toBeGreaterThanOrEqual(1);
		const [held] = await app.db.asOwner((tx) =>
			tx.query<{ state: string; body_text: string }>(
				"select state, body_text from public.mail_outbox where kind = 'password_reset'"
			)
		);
		const id = await latestReset(USERS.organizer);
		expect(held.state).toBe('held');
		expect(held.body_text).toContain('[…]');
		expect(held.body_text).not.toContain(id ?? 'no reset');
	});

	it('a reset link signs in with the new password once, ends the old sessions, and never works again', async () => {
		const before = await app.signedIn('organizer');
		expect(await inPanel(before)).toBe(200);
		await post(app, '/logowanie/haslo', { email: USERS.organizer });
		const path = resetPath(secret, (await latestReset(USERS.organizer)) ?? '');

		const page = await app.request(`${path}/__data.json`);
		expect(page.status).toBe(200);
		expect(page.headers.get('x-robots-tag')).toBe('noindex');
		const browser = app.browser();
		expect((await post(browser, path, { password: 'krotkie' })).status).toBe(400);
		const reset = await post(browser, path, { password: NEW_PASSWORD });
		expect(reset.status).toBe(303);
		expect(reset.headers.get('location')).toBe('/panel');
		expect(await inPanel(browser)).toBe(200);
		// The session that knew the old password is over.
		expect(await inPanel(before)).toBe(303);

		const again = await post(app.browser(), path, { password: 'jeszcze-inne-haslo-2' });
		expect(again.status).toBe(404);
		expect(((await again.json()) as { message: string }).message).toContain('już użyty');
		expect((await app.request(`${path}/__data.json`)).status).toBe(404);

		const login = (password: string) =>
			post(app.browser(), '/logowanie?/password', {
				email: USERS.organizer,
				password,
				next: '/panel'
			});
		expect((await login(PASSWORD)).status).toBe(400);
		expect((await login(NEW_PASSWORD)).status).toBe(303);
	});

	it('refuses an expired link with a Polish 410', async () => {
		await post(app, '/logowanie/haslo', { email: USERS.organizer });
		const path = resetPath(secret, (await latestReset(USERS.organizer)) ?? '');
		await app.db.asOwner((tx) =>
			tx.query("update private.password_resets set expires_at = now() - interval '1 second'")
		);
		const page = await app.request(`${path}/__data.json`, {
			headers: { accept: 'application/json' }
		});
		expect(page.status).toBe(410);
		expect(((await page.json()) as { message: string }).message).toContain('wygasł');
		const sent = await post(app.browser(), path, { password: NEW_PASSWORD });
		expect(sent.status).toBe(410);
		expect(((await sent.json()) as { message: string }).message).toContain('Poproś o nowy');
	});

	it("the admin's button shows the link once when no mail server is configured; others may not use it", async () => {
		const [{ id }] = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>(
				'select id::text as id from private.local_accounts where email = $1',
				[USERS.organizer]
			)
		);
		// Staff other than admins (the organizer's password changed above: the council member asks).
		const council = await app.signedIn('council');
		const refused = await post(council, '/panel/uzytkownicy?/reset', {
			id,
			email: USERS.organizer
		});
		expect(refused.status).toBe(403);

		const admin = await app.signedIn('admin');
		const sent = await post(admin, '/panel/uzytkownicy?/reset', { id });
		expect(sent.status).toBe(200);
		const body = (await sent.json()) as { resetSent: string; resetLink: string };
		expect(body.resetSent).toBe(USERS.organizer);
		expect(body.resetLink).toMatch(/^http:\/\/localhost(:\d+)?\/logowanie\/haslo\//);
		const path = new URL(body.resetLink).pathname;
		const browser = app.browser();
		expect((await post(browser, path, { password: 'haslo-od-administratora' })).status).toBe(303);
		expect(await inPanel(browser)).toBe(200);

		const unknown = await post(admin, '/panel/uzytkownicy?/reset', {
			id: '00000000-0000-4000-8000-00000000abcd'
		});
		expect(unknown.status).toBe(404);
	});

	it('limits the requests of one network with a 429 and Retry-After', async () => {
		const statuses: number[] = [];
		let last: Response | undefined;
		for (let i = 0; i < 11; i++) {
			last = await app.request('/logowanie/haslo', {
				method: 'POST',
				form: { email: `ktos-${i}@kramsk.test` },
				headers: FORM,
				address: '10.9.8.7'
			});
			statuses.push(last.status);
		}
		expect(statuses).toEqual([...Array(10).fill(200), 429]);
		expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});
