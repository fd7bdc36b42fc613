import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedToken } from '../../src/lib/server/mail/tokens.ts';
import { readSecret } from '../db/guard-helpers.ts';
import { openApp, ORIGIN, type App } from './app.ts';

// "Obserwuj" through the hooks and the form actions, without JavaScript: the request form, the
// confirmation link and the one-click unsubscribe, each checked in the outbox.

let app: App;
let secret: string;
let ref: string;
beforeAll(async () => {
	app = await openApp();
	secret = await readSecret(app.db);
	const [row] = await app.db.asOwner((tx) =>
		tx.query<{ ref: string }>(
			`select ref from public.needs
			 where status = 'published' and hidden_at is null and ref is not null order by ref limit 1`
		)
	);
	ref = row.ref;
});
afterAll(async () => {
	await app?.close();
});

const post = (path: string, form: Record<string, string> = {}) =>
	app.browser().request(path, { method: 'POST', form, headers: { origin: ORIGIN } });

const outbox = (email: string) =>
	app.db.asOwner((tx) =>
		tx.query<{ kind: string; subscription_id: string }>(
			'select kind, subscription_id::text from public.mail_outbox where to_email = $1 order by id',
			[email]
		)
	);

describe('/potrzeby/[ref]/obserwuj', () => {
	it('a valid address queues one confirmation and says to check the mailbox', async () => {
		const res = await post(`/potrzeby/${ref}/obserwuj`, { email: 'mieszkanka@example.org' });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ requested: true });
		expect((await outbox('mieszkanka@example.org')).map((m) => m.kind)).toEqual(['follow_confirm']);
	});

	it('an invalid address is a 422 naming the field, in Polish', async () => {
		const res = await post(`/potrzeby/${ref}/obserwuj`, { email: 'nie-adres' });
		expect(res.status).toBe(422);
		const body = await res.json();
		expect(body.errors.email).toContain('Podaj poprawny adres e-mail');
	});

	it('the honeypot and unknown needs are refused without queueing anything', async () => {
		const bot = await post(`/potrzeby/${ref}/obserwuj`, {
			email: 'bot@example.org',
			website: 'http://spam.example'
		});
		expect(bot.status).toBe(400);
		const unknown = await post('/potrzeby/KR-1999-0001/obserwuj', { email: 'bot@example.org' });
		expect(unknown.status).toBe(404);
		expect(await outbox('bot@example.org')).toEqual([]);
	});

	it('confirming by link, then a status change, then the one-click unsubscribe', async () => {
		await post(`/potrzeby/${ref}/obserwuj`, { email: 'petla@example.org' });
		const [{ subscription_id: id }] = await outbox('petla@example.org');

		const forged = await post(`/obserwuj/${signedToken('x', 'follow-confirm', id)}`);
		expect(forged.status).toBe(404);
		const confirmed = await post(`/obserwuj/${signedToken(secret, 'follow-confirm', id)}`);
		expect(confirmed.status).toBe(200);
		expect(await confirmed.json()).toEqual({ confirmed: { need_ref: ref, village: null } });

		const step = async () =>
			app.db.asOwner((tx) =>
				tx.query(
					`update public.needs set status = case status when 'published' then 'in_analysis'
					   else 'planned' end where ref = $1 and status in ('published', 'in_analysis')`,
					[ref]
				)
			);
		await step();
		expect((await outbox('petla@example.org')).map((m) => m.kind)).toEqual([
			'follow_confirm',
			'follow_status'
		]);

		// RFC 8058: the mail client posts from no page, with no cookies.
		const token = signedToken(secret, 'follow-unsubscribe', id);
		const unsubscribed = await app.request(`/api/mail/unsubscribe/${token}`, {
			method: 'POST',
			body: 'List-Unsubscribe=One-Click',
			headers: { 'content-type': 'application/x-www-form-urlencoded' }
		});
		expect(unsubscribed.status).toBe(200);
		expect(await unsubscribed.json()).toEqual({ unsubscribed: true });
		await step();
		expect(await outbox('petla@example.org')).toEqual([]);
	});
});

describe('/powiadomienia', () => {
	it('a village digest request queues one confirmation; an unknown village is a 422 on its field', async () => {
		const [{ slug }] = await app.db.asOwner((tx) =>
			tx.query<{ slug: string }>('select slug from public.localities order by slug limit 1')
		);
		const res = await post('/powiadomienia', { email: 'wies@example.org', wies: slug });
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ requested: true });
		expect((await outbox('wies@example.org')).map((m) => m.kind)).toEqual(['follow_confirm']);

		const unknown = await post('/powiadomienia', { email: 'wies2@example.org', wies: 'nigdzie' });
		expect(unknown.status).toBe(422);
		expect((await unknown.json()).errors.wies).toContain('Wybierz miejscowość');
		expect(await outbox('wies2@example.org')).toEqual([]);
	});
});
