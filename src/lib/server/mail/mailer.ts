import { createTransport } from 'nodemailer';
import { localizeUrl, type Locale } from '../../paraglide/runtime.js';
import type { MailEnv } from '../env.ts';
import type { Database } from '../db/types.ts';
import { sha256, statusToken } from '../reports/tokens.ts';
import {
	claimDue,
	ensureStatusToken,
	mailContext,
	settle,
	type ClaimedMail,
	type Outcome
} from './outbox.ts';
import { buildDigests, warsawDay } from './digest.ts';
import { followContext, renderFollowMail } from './follow.ts';
import { renderResetMail, renderStatusMail, type RenderedMail } from './render.ts';
import { resetPath } from '../auth/reset.ts';
import { organizerStatusToken, signedToken, unsubscribeToken } from './tokens.ts';

/**
 * The mailer: drains public.mail_outbox every few seconds and on demand.
 * Status changes only enqueue (a trigger, in their own transaction); sending happens here,
 * afterwards, so a slow or broken mail server never delays or fails a status change.
 */
export interface MailerOptions {
	/** Pause between drains of the loop. */
	intervalMs?: number;
	/** Messages per drain. */
	batch?: number;
	/** Delivery attempts before a message is marked failed. */
	maxAttempts?: number;
	/** First retry pause; doubled at each attempt, at most `maxRetryDelaySeconds`. */
	retryDelaySeconds?: number;
	maxRetryDelaySeconds?: number;
	/** How long a claimed message stays with this process before another may take it. */
	leaseSeconds?: number;
	log?: (line: string) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 8;

export interface DrainResult {
	sent: number;
	retried: number;
	failed: number;
	held: number;
	cancelled: number;
}

export interface Mailer {
	/** Processes every due message once; resolves when done. */
	drain(): Promise<DrainResult>;
	close(): void;
}

/** The SMTP options for nodemailer, with timeouts short enough for a background loop. */
function transportOptions(smtp: NonNullable<MailEnv['smtp']>) {
	const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
	if ('url' in smtp) return { url: smtp.url, ...timeouts };
	return {
		host: smtp.host,
		port: smtp.port,
		secure: smtp.secure,
		auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
		...timeouts
	};
}

async function readSecret(db: Database): Promise<string> {
	const rows = await db.asOwner((tx) =>
		tx.query<{ value: string }>("select value from private.app_secrets where name = 'hmac'")
	);
	if (!rows[0]) throw new Error('private.app_secrets has no hmac secret');
	return rows[0].value;
}

const describe = (e: unknown) =>
	(e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim() || 'unknown error';

export function createMailer(db: Database, env: MailEnv, options: MailerOptions = {}): Mailer {
	const batch = options.batch ?? 20;
	const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
	const firstDelay = options.retryDelaySeconds ?? 60;
	const maxDelay = options.maxRetryDelaySeconds ?? 6 * 3600;
	const lease = options.leaseSeconds ?? 300;
	const transport = env.smtp ? createTransport(transportOptions(env.smtp)) : null;
	let secret: Promise<string> | undefined;
	// A failed read (database unreachable) is not kept: the next drain reads it again.
	const hmac = () =>
		(secret ??= readSecret(db).catch((e: unknown) => {
			secret = undefined;
			throw e;
		}));
	const absolute = (path: string, locale: Locale) =>
		localizeUrl(new URL(path, `${env.baseUrl}/`), { locale }).href;

	/** The reporter's status link: recomputed from the idempotency key, or issued for the need. */
	async function statusUrl(
		needId: string,
		key: string | null,
		storedHash: string | null,
		locale: Locale
	) {
		const hmacSecret = await hmac();
		let token: string | null = null;
		if (key) {
			const derived = statusToken(hmacSecret, key);
			if (derived.hash === storedHash) token = derived.token;
		} else {
			const derived = organizerStatusToken(hmacSecret, needId);
			const ok = storedHash
				? storedHash === sha256(derived)
				: await db.asOwner((tx) => ensureStatusToken(tx, needId, sha256(derived)));
			if (ok) token = derived;
		}
		return token ? absolute(`/zgloszenie/${token}`, locale) : null;
	}

	/**
	 * A message to send, with the token of its unsubscribe link (none for a reset link) and, when
	 * it carries a secret link, the text kept in the outbox instead of the one sent.
	 */
	type Composed =
		| { rendered: RenderedMail; unsubscribe?: string; kept?: { subject: string; text: string } }
		| { cancel: string };

	/** A reporter's status message, or why it is no longer sent. */
	async function composeStatus(mail: ClaimedMail, needId: string): Promise<Composed> {
		const ctx = await db.asOwner((tx) => mailContext(tx, mail.id));
		// Checked again at sending time: the reporter may have unsubscribed or been erased since.
		if (!ctx || ctx.unsubscribed) return { cancel: 'unsubscribed' };
		if (!ctx.contact_email || ctx.contact_email.toLowerCase() !== mail.to_email.toLowerCase()) {
			return { cancel: 'contact changed or removed' };
		}
		const unsubscribe = unsubscribeToken(await hmac(), needId);
		const rendered = renderStatusMail({
			locale: mail.locale,
			ref: ctx.ref,
			title: ctx.title,
			status: mail.need_status ?? '',
			statusUrl: await statusUrl(needId, ctx.idempotency_key, ctx.token_hash, mail.locale),
			unsubscribeUrl: absolute(`/wypisz/${unsubscribe}`, mail.locale)
		});
		return { rendered, unsubscribe };
	}

	/** A follower's or digest subscriber's message, or why it is no longer sent. */
	async function composeFollow(
		mail: ClaimedMail,
		kind: Exclude<ClaimedMail['kind'], 'status' | 'password_reset'>,
		subscription: string
	): Promise<Composed> {
		const ctx = await db.asOwner((tx) => followContext(tx, mail.id));
		// Checked again at sending time: unsubscribed or erased since it was queued.
		if (!ctx || ctx.suppressed) return { cancel: 'unsubscribed' };
		if (ctx.email.toLowerCase() !== mail.to_email.toLowerCase())
			return { cancel: 'address changed' };
		if (kind !== 'follow_confirm' && !ctx.confirmed) return { cancel: 'not confirmed' };
		const secret = await hmac();
		const unsubscribe = signedToken(secret, 'follow-unsubscribe', subscription);
		const page = (path: `/${string}`) => absolute(path, mail.locale);
		const url =
			kind === 'follow_confirm'
				? page(`/obserwuj/${signedToken(secret, 'follow-confirm', subscription)}`)
				: page(ctx.need_ref ? `/potrzeby/${ctx.need_ref}` : '/');
		const rendered = renderFollowMail({
			kind,
			locale: mail.locale,
			context: ctx,
			status: mail.need_status,
			url,
			page,
			unsubscribeUrl: page(`/wypisz/${unsubscribe}`)
		});
		return { rendered, unsubscribe };
	}

	/**
	 * A password reset link, while it still works. The outbox keeps the text without the link:
	 * admins read the outbox, and the link signs in as the account.
	 */
	async function composeReset(mail: ClaimedMail, resetId: string): Promise<Composed> {
		const [reset] = await db.asOwner((tx) =>
			tx.query<{ email: string; minutes: number }>(
				`select a.email, ceil(extract(epoch from (r.expires_at - now())) / 60)::int as minutes
				 from private.password_resets r
				 join private.local_accounts a on a.id = r.account_id and not a.disabled
				 where r.id = $1::uuid and r.expires_at > now()`,
				[resetId]
			)
		);
		if (!reset) return { cancel: 'reset link used or expired' };
		if (reset.email !== mail.to_email.toLowerCase()) return { cancel: 'address changed' };
		const render = (url: string) =>
			renderResetMail({ locale: mail.locale, url, minutes: reset.minutes });
		const rendered = render(absolute(resetPath(await hmac(), resetId), mail.locale));
		const { subject, text } = render('[…]');
		return { rendered, kept: { subject, text } };
	}

	function compose(mail: ClaimedMail): Promise<Composed> {
		if (mail.kind === 'password_reset') {
			return mail.reset_id
				? composeReset(mail, mail.reset_id)
				: Promise.resolve({ cancel: 'reset link used' });
		}
		if (mail.kind === 'status') {
			return mail.need_id
				? composeStatus(mail, mail.need_id)
				: Promise.resolve({ cancel: 'no need' });
		}
		return mail.subscription_id
			? composeFollow(mail, mail.kind, mail.subscription_id)
			: Promise.resolve({ cancel: 'subscription removed' });
	}

	async function deliver(mail: ClaimedMail): Promise<Outcome> {
		const composed = await compose(mail);
		if ('cancel' in composed) {
			return { state: 'cancelled', attempts: mail.attempts, error: composed.cancel };
		}
		const { rendered, unsubscribe } = composed;
		const kept = composed.kept ?? { subject: rendered.subject, text: rendered.text };
		if (!transport) return { state: 'held', attempts: mail.attempts, ...kept };
		const attempts = mail.attempts + 1;
		try {
			await transport.sendMail({
				from: env.from,
				to: mail.to_email,
				subject: rendered.subject,
				text: rendered.text,
				html: rendered.html,
				headers: {
					// RFC 8058 one-click unsubscribe; RFC 3834 marks the message as automatic.
					...(unsubscribe
						? {
								'List-Unsubscribe': `<${env.baseUrl}/api/mail/unsubscribe/${unsubscribe}>`,
								'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
							}
						: {}),
					'Auto-Submitted': 'auto-generated'
				}
			});
			return { state: 'sent', attempts, ...kept };
		} catch (e) {
			const error = describe(e);
			if (attempts >= maxAttempts) return { state: 'failed', attempts, error, ...kept };
			const retryIn = Math.min(maxDelay, firstDelay * 2 ** (attempts - 1));
			return { state: 'retry', attempts, error, retryIn, ...kept };
		}
	}

	async function drain(): Promise<DrainResult> {
		const result: DrainResult = { sent: 0, retried: 0, failed: 0, held: 0, cancelled: 0 };
		for (;;) {
			const claimed = await db.asOwner((tx) => claimDue(tx, batch, lease));
			for (const mail of claimed) {
				let outcome: Outcome;
				try {
					outcome = await deliver(mail);
				} catch (e) {
					// Not the mail server's fault (database, rendering): retry like a failed send.
					outcome = {
						state: 'retry',
						attempts: mail.attempts + 1,
						error: describe(e),
						retryIn: firstDelay
					};
					if (outcome.attempts >= maxAttempts) outcome.state = 'failed';
				}
				await db.asOwner((tx) => settle(tx, mail.id, outcome));
				const key = outcome.state === 'retry' ? 'retried' : outcome.state;
				result[key] += 1;
				if (outcome.error && outcome.state !== 'cancelled') {
					options.log?.(`poczta: wiadomość ${mail.id}: ${outcome.error}`);
				}
			}
			if (claimed.length < batch) return result;
		}
	}

	return { drain, close: () => transport?.close() };
}

let wake: (() => void) | undefined;

/** Asks the running mailer to drain now (after a status change or a "send again"). */
export function pokeMailer(): void {
	wake?.();
}

/**
 * Starts the background loop once per process (hooks.server.ts `init`). Returns a stop function
 * that waits for the drain in progress to finish.
 */
export function startMailer(
	db: Database,
	env: MailEnv,
	options: MailerOptions = {}
): () => Promise<void> {
	const mailer = createMailer(db, env, options);
	const interval = options.intervalMs ?? 5_000;
	const log = options.log ?? ((line: string) => console.error(line));
	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<void> = Promise.resolve();
	let again = false;
	let digestDay: string | null = null;

	const tick = () => {
		if (stopped) return;
		clearTimeout(timer);
		running = running.then(async () => {
			if (stopped) return;
			try {
				// Once a day (the first drain of each Warsaw day): yesterday's digests join the queue.
				const today = warsawDay(new Date());
				if (today !== digestDay) {
					await buildDigests(db, today);
					digestDay = today;
				}
				await mailer.drain();
			} catch (e) {
				log(`poczta: kolejka niedostępna: ${describe(e)}`);
			}
			// unref: the loop alone never keeps the process alive after shutdown.
			if (!stopped) timer = setTimeout(tick, interval).unref();
		});
	};
	wake = () => {
		if (again) return;
		again = true;
		void running.then(() => {
			again = false;
			tick();
		});
	};
	tick();
	return async () => {
		stopped = true;
		clearTimeout(timer);
		wake = undefined;
		await running;
		mailer.close();
	};
}
