import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import type { MailEnv } from '../../src/lib/server/env.ts';
import { createMailer, pokeMailer, startMailer } from '../../src/lib/server/mail/mailer.ts';
import { organizerStatusToken, verifyUnsubscribeToken } from '../../src/lib/server/mail/tokens.ts';
import { statusToken } from '../../src/lib/server/reports/tokens.ts';
import { backends, claims } from './backends.ts';
import { context, hex } from './guard-helpers.ts';

// Status e-mails end to end below the browser: a real SMTP server (smtp-server) on a random
// port, the real mailer against the real database, status changes made as an organizer.

const TITLE = 'Mailer test zgłoszenia';

interface Received {
	from: string;
	to: string[];
	raw: string;
}

/** A local SMTP server without TLS or AUTH that keeps what it receives (or refuses recipients). */
async function smtpServer(opts: { refuse?: string } = {}) {
	const received: Received[] = [];
	const options: SMTPServerOptions = {
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (!opts.refuse) return callback();
			const err = Object.assign(new Error(opts.refuse), { responseCode: 451 });
			callback(err);
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				received.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks).toString('utf8')
				});
				callback();
			});
		}
	};
	const server = new SMTPServer(options);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as AddressInfo).port;
	return {
		port,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) in a header value. */
function decodeWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
			enc.toUpperCase() === 'B'
				? Buffer.from(data, 'base64').toString('utf8')
				: Buffer.from(
						data
							.replace(/_/g, ' ')
							.split(/(=[0-9A-F]{2})/i)
							.flatMap((piece) =>
								/^=[0-9A-F]{2}$/i.test(piece)
									? [parseInt(piece.slice(1), 16)]
									: [...Buffer.from(piece, 'latin1')]
							)
					).toString('utf8')
		);
}

/** Headers (unfolded, decoded) and the decoded text/plain part of a raw message. */
function parse(raw: string) {
	const [head] = raw.split(/\r?\n\r?\n/);
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const i = line.indexOf(':');
		headers.set(line.slice(0, i).toLowerCase(), decodeWords(line.slice(i + 1).trim()));
	}
	const boundary = /boundary="?([^";\r\n]+)"?/i.exec(head)?.[1] ?? '';
	const part = raw.split(`--${boundary}`).find((p) => /Content-Type: text\/plain/i.test(p)) ?? '';
	const textPart = part
		.split(/\r?\n\r?\n/)
		.slice(1)
		.join('\n\n');
	const text = textPart
		.replace(/=\r?\n/g, '')
		.replace(/(=[0-9A-F]{2})+/g, (s) => Buffer.from(s.replace(/=/g, ''), 'hex').toString('utf8'));
	return { headers, text };
}

describe.each(backends)('mailer with a real SMTP server on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.asOwner((tx) => tx.query('delete from public.needs where title = $1', [TITLE]));
		await db?.asOwner((tx) =>
			tx.query('delete from private.mail_unsubscribes where email_hash = any ($1)', [
				[
					hex('mailer-en@example.org'),
					hex('mailer-pl@example.org'),
					hex('mailer-off@example.org'),
					hex('mailer-loop@example.org')
				]
			])
		);
		await db?.close();
	});

	/** A resident's report through the real submit path; returns its id and idempotency key. */
	async function report(email: string, locale: 'pl' | 'en') {
		const key = randomUUID();
		const secret = await hmacSecret();
		const payload = {
			region: 'kramsk',
			kind: 'need',
			category: 'seniorzy',
			title: TITLE,
			description: '',
			lon: 18.4267,
			lat: 52.265,
			contact_email: email,
			consent_text: 'zgoda',
			idempotency_key: key,
			request_hash: hex(`payload-${key}`),
			token_hash: statusToken(secret, key).hash,
			ctx: context(secret),
			photo: null,
			locale
		};
		const need = await db.asUser(claims.anon, async (tx) => {
			const [{ v }] = await tx.query<{ v: { need_id: string } }>(
				'select private.submit_need($1::text::jsonb) as v',
				[JSON.stringify(payload)]
			);
			return v.need_id;
		});
		return { need, key };
	}

	const hmacSecret = async () =>
		(
			await db.asOwner((tx) =>
				tx.query<{ value: string }>("select value from private.app_secrets where name = 'hmac'")
			)
		)[0].value;

	/** The organizer's status change, committed on its own before any mail is sent. */
	const setStatus = (need: string, status: string) =>
		db.asUser(claims.organizer, (tx) =>
			tx.query('update public.needs set status = $2 where id = $1', [need, status])
		);

	const row = async (need: string) =>
		(
			await db.asOwner((tx) =>
				tx.query<{
					state: string;
					attempts: number;
					last_error: string | null;
					due_in: number;
					subject: string | null;
					body_text: string | null;
					sent: boolean;
				}>(
					`select state, attempts, last_error, subject, body_text, sent_at is not null as sent,
					   extract(epoch from next_attempt_at - now())::int as due_in
					 from public.mail_outbox where need_id = $1 order by id desc limit 1`,
					[need]
				)
			)
		)[0];

	const env = (port: number | null): MailEnv => ({
		smtp: port === null ? undefined : { host: '127.0.0.1', port, secure: false },
		from: 'CUS Kramsk <powiadomienia@kramsk.test>',
		baseUrl: 'http://mapa.test'
	});

	it('sends the reporter a message with the status link in their language and a one-click unsubscribe', async () => {
		const smtp = await smtpServer();
		try {
			const { need, key } = await report('mailer-en@example.org', 'en');
			await setStatus(need, 'published');
			const mailer = createMailer(db, env(smtp.port));
			const result = await mailer.drain();
			mailer.close();
			expect(result).toMatchObject({ sent: 1, retried: 0, failed: 0 });

			expect(smtp.received).toHaveLength(1);
			const [mail] = smtp.received;
			expect(mail.to).toEqual(['mailer-en@example.org']);
			const { headers, text } = parse(mail.raw);
			expect(headers.get('to')).toBe('mailer-en@example.org');
			expect(headers.get('from')).toBe('CUS Kramsk <powiadomienia@kramsk.test>');
			expect(headers.get('subject')).toMatch(/^Report KR-\d{4}-\d{4}: Published$/);
			const token = statusToken(await hmacSecret(), key).token;
			expect(text).toContain(`http://mapa.test/en/zgloszenie/${token}`);

			const unsubscribe = /^<http:\/\/mapa\.test\/api\/mail\/unsubscribe\/([^>]+)>$/.exec(
				headers.get('list-unsubscribe') ?? ''
			);
			expect(unsubscribe).not.toBeNull();
			expect(verifyUnsubscribeToken(await hmacSecret(), unsubscribe?.[1] ?? '')).toBe(need);
			expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
			expect(text).toContain(`http://mapa.test/en/wypisz/${unsubscribe?.[1]}`);

			// The link in the message opens the reporter's status page.
			const status = await db.asUser(claims.anon, (tx) =>
				tx.query<{ v: { title: string } | null }>('select private.need_status($1) as v', [
					hex(token)
				])
			);
			expect(status[0].v?.title).toBe(TITLE);

			expect(await row(need)).toMatchObject({
				state: 'sent',
				attempts: 1,
				last_error: null,
				sent: true
			});
			// Nothing more to send.
			const again = createMailer(db, env(smtp.port));
			expect(await again.drain()).toMatchObject({ sent: 0 });
			again.close();
		} finally {
			await smtp.close();
		}
	});

	it('a refusing or absent SMTP server leaves the message queued for retry, the status change committed', async () => {
		const smtp = await smtpServer({ refuse: 'Mailbox busy, try later' });
		const { need } = await report('mailer-pl@example.org', 'pl');
		await setStatus(need, 'published');
		try {
			const mailer = createMailer(db, env(smtp.port), { maxAttempts: 2 });
			expect(await mailer.drain()).toMatchObject({ sent: 0, retried: 1 });
			mailer.close();
		} finally {
			await smtp.close();
		}
		const [{ status }] = await db.asOwner((tx) =>
			tx.query<{ status: string }>('select status from public.needs where id = $1', [need])
		);
		expect(status).toBe('published');
		const first = await row(need);
		expect(first).toMatchObject({ state: 'pending', attempts: 1, sent: false });
		expect(first.last_error).toMatch(/451/);
		expect(first.due_in).toBeGreaterThan(30);
		// The rendered Polish text is kept for the admin's outbox.
		expect(first.subject).toMatch(/^Zgłoszenie KR-\d{4}-\d{4}: Opublikowane$/);
		expect(first.body_text).toContain('/zgloszenie/');

		// Not due yet: nothing happens. Once due, the server is gone (port closed): the last attempt fails.
		const closedPort = createMailer(db, env(smtp.port), { maxAttempts: 2 });
		expect(await closedPort.drain()).toMatchObject({ retried: 0, failed: 0 });
		await db.asOwner((tx) =>
			tx.query('update public.mail_outbox set next_attempt_at = now() where need_id = $1', [need])
		);
		expect(await closedPort.drain()).toMatchObject({ failed: 1 });
		closedPort.close();
		const last = await row(need);
		expect(last).toMatchObject({ state: 'failed', attempts: 2, sent: false });
		expect(last.last_error).toMatch(/ECONNREFUSED|connect/i);
	});

	it('without SMTP the message is held in the outbox, readable; an unsubscribe before sending cancels it', async () => {
		const { need } = await report('mailer-off@example.org', 'pl');
		await setStatus(need, 'published');
		const mailer = createMailer(db, env(null));
		expect(await mailer.drain()).toMatchObject({ held: 1 });
		const held = await row(need);
		expect(held).toMatchObject({ state: 'held', attempts: 0, sent: false });
		expect(held.body_text).toMatch(/http:\/\/mapa\.test\/zgloszenie\/[A-Za-z0-9_-]{43}/);
		expect(held.body_text).toMatch(/http:\/\/mapa\.test\/wypisz\//);

		await setStatus(need, 'in_analysis');
		// The link of the held message, as the reporter would click it.
		const link = /\/wypisz\/([^\s]+)/.exec(held.body_text ?? '')?.[1] ?? '';
		expect(verifyUnsubscribeToken(await hmacSecret(), link)).toBe(need);
		const [{ v }] = await db.asUser(claims.anon, (tx) =>
			tx.query<{ v: boolean }>('select private.mail_unsubscribe($1) as v', [link])
		);
		expect(v).toBe(true);
		expect(await row(need)).toMatchObject({ state: 'cancelled', last_error: 'unsubscribed' });
		expect(await mailer.drain()).toMatchObject({ held: 0, sent: 0 });
		mailer.close();
	});

	it('a need entered by an organizer (no idempotency key) gets a status link issued from its id', async () => {
		const need = await db.asUser(claims.organizer, async (tx) => {
			const [{ id }] = await tx.query<{ id: string }>(
				`insert into public.needs (region_id, kind, category, title, point, entered_by_organizer)
				 select r.id, 'need', 'seniorzy', $1,
				   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326), true
				 from public.regions r where r.slug = 'kramsk' returning id::text as id`,
				[TITLE]
			);
			await tx.query(
				"insert into public.need_contacts (need_id, email, consent_text) values ($1, 'mailer-off@example.org', 'zgoda ustna')",
				[id]
			);
			return id;
		});
		// The address unsubscribed in the test above: allow it again for this one.
		await db.asOwner((tx) =>
			tx.query('delete from private.mail_unsubscribes where email_hash = $1', [
				hex('mailer-off@example.org')
			])
		);
		await setStatus(need, 'published');
		const mailer = createMailer(db, env(null));
		expect(await mailer.drain()).toMatchObject({ held: 1 });
		mailer.close();
		const token = organizerStatusToken(await hmacSecret(), need);
		expect((await row(need)).body_text).toContain(`http://mapa.test/zgloszenie/${token}`);
		const status = await db.asUser(claims.anon, (tx) =>
			tx.query<{ v: { status: string } | null }>('select private.need_status($1) as v', [
				hex(token)
			])
		);
		expect(status[0].v?.status).toBe('published');
	});

	it('the background loop drains at start and again when poked; stop waits for it', async () => {
		const smtp = await smtpServer();
		const { need } = await report('mailer-loop@example.org', 'pl');
		await setStatus(need, 'published');
		const stop = startMailer(db, env(smtp.port), { intervalMs: 600_000, log: () => {} });
		try {
			await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(1);
			await setStatus(need, 'in_progress');
			pokeMailer();
			await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(2);
			expect(parse(smtp.received[1].raw).headers.get('subject')).toMatch(/: W realizacji$/);
		} finally {
			await stop();
			await smtp.close();
		}
		// Stopped: a poke does nothing any more.
		await setStatus(need, 'done');
		pokeMailer();
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect((await row(need)).state).toBe('pending');
	});
});
