// The offline queue as the page sees it: reactive entries plus the sending loop. A report is
// sent again on the 'online' event, when the page is shown again, on page load, every CHECK_MS
// with backoff, and as soon as the server answers again after an outage (recovery.ts) — always
// with the key it was queued with, so replays are harmless.
import * as m from '$lib/paraglide/messages';
import { LEASE_MS, pageOwnerId, webLocks, withReportLock } from './lock';
import {
	allReports,
	claim,
	clearSent,
	deleteReport,
	isQueueAvailable,
	purgeOld,
	putReport,
	releaseLeases,
	renewLease,
	updateReport
} from './queue-db';
import { Recovery } from './recovery';
import { backoffMs, sendReport, serverAnswers, type SendOutcome } from './send';
import type { QueuedReport, ReportFields } from './types';

const CHECK_MS = 15_000;
/** One upload may take this long on a weak line; then it counts as failed and is retried. */
const SEND_TIMEOUT_MS = 120_000;

export class ReportQueue {
	entries = $state.raw<QueuedReport[]>([]);
	/** Keys being sent by this page right now. */
	sending = $state.raw<readonly string[]>([]);
	onsent: ((entry: QueuedReport) => void) | null = null;

	/** This page, as the owner of its leases where there are no Web Locks. */
	readonly #owner = pageOwnerId();
	#flushing: Promise<void> | null = null;
	#again = false;
	readonly #recovery = new Recovery({
		probe: () => serverAnswers(),
		drain: () => this.#kick(true),
		online: () => navigator.onLine
	});

	get waiting(): QueuedReport[] {
		return this.entries.filter((entry) => entry.state === 'waiting');
	}

	/** Sent reports, newest first. */
	get sent(): QueuedReport[] {
		return this.entries
			.filter((entry) => entry.state === 'sent')
			.sort((a, b) => (b.sentAt ?? b.createdAt) - (a.sentAt ?? a.createdAt));
	}

	async refresh(): Promise<void> {
		const entries = await allReports();
		this.entries = entries.sort((a, b) => b.createdAt - a.createdAt);
	}

	/**
	 * Saves a report for later. `failedNow`: an attempt just failed, so wait before the next.
	 * `consultation`: the report is that live session's answer and keeps its tag when sent.
	 */
	async enqueue(
		fields: ReportFields,
		photo: File | null,
		options: { failedNow: boolean; retryAfterMs?: number | null; consultation?: string | null }
	): Promise<QueuedReport> {
		const now = Date.now();
		const delay = options.retryAfterMs ?? (options.failedNow ? backoffMs(1) : 0);
		const entry: QueuedReport = {
			key: fields.idempotency_key,
			fields: { ...fields },
			consultation: options.consultation ?? null,
			// A File is a Blob: IndexedDB keeps its bytes, so the photo survives a closed tab.
			photo,
			photoName: photo?.name ?? null,
			state: 'waiting',
			createdAt: now,
			attempts: options.failedNow ? 1 : 0,
			nextAttemptAt: now + delay,
			lockedUntil: 0,
			lockOwner: null,
			ref: null,
			statusUrl: null,
			error: null,
			sentAt: null
		};
		await putReport(entry);
		// Ask the browser not to evict the queue under storage pressure (best effort).
		navigator.storage?.persist?.().catch(() => false);
		await this.refresh();
		// The form's own attempt just failed without reaching the server: watch for its return.
		if (options.failedNow && options.retryAfterMs == null) this.#recovery.failed();
		return entry;
	}

	async remove(key: string): Promise<void> {
		await deleteReport(key);
		await this.refresh();
	}

	/** Forgets the sent reports on this device; the reports themselves stay on the server. */
	async clearSent(): Promise<void> {
		await clearSent();
		await this.refresh();
	}

	/**
	 * "Wyślij teraz": sends this report at once, beside any upload already running (the lock keeps
	 * it from being sent twice), then every other waiting report, ignoring the backoff.
	 */
	async retryNow(key: string): Promise<void> {
		await updateReport(key, (entry) => ({ ...entry, nextAttemptAt: 0 }));
		await this.#sendOne(key);
		await this.flush(true);
	}

	/**
	 * Sends every due waiting report, one at a time (a weak line does better with one upload).
	 * `force` ignores the backoff: the connection has just come back.
	 */
	flush(force = false): Promise<void> {
		if (this.#flushing) {
			this.#again ||= force;
			return this.#flushing;
		}
		this.#flushing = this.#run(force).finally(() => {
			this.#flushing = null;
			if (this.#again) {
				this.#again = false;
				void this.flush(true);
			}
		});
		return this.#flushing;
	}

	async #run(force: boolean): Promise<void> {
		await this.refresh();
		if (typeof navigator !== 'undefined' && !navigator.onLine) return;
		for (const candidate of this.waiting) {
			if (!force && candidate.nextAttemptAt > Date.now()) continue;
			const outcome = await this.#sendOne(candidate.key);
			// Our server is out of reach: the rest waits for the recovery probe or 'online'.
			if (outcome?.kind === 'retry' && outcome.down) break;
		}
	}

	/**
	 * Sends one waiting report under its lock; null when it is not waiting any more or another
	 * live page is sending it right now.
	 */
	async #sendOne(key: string): Promise<SendOutcome | null> {
		if (this.sending.includes(key)) return null;
		this.sending = [...this.sending, key];
		try {
			const locks = webLocks();
			return locks
				? await withReportLock(locks, key, () => this.#attempt(key, false))
				: await this.#attempt(key, true);
		} finally {
			this.sending = this.sending.filter((sending) => sending !== key);
		}
	}

	/** One upload of a claimed report; `leased`: no Web Locks, so a renewed lease guards it. */
	async #attempt(key: string, leased: boolean): Promise<SendOutcome | null> {
		const entry = await claim(key, Date.now(), this.#owner, leased);
		if (!entry) return null;
		const renew = leased
			? setInterval(() => void renewLease(key, Date.now(), this.#owner), LEASE_MS / 3)
			: null;
		let outcome: SendOutcome;
		try {
			outcome = await sendReport(entry, m.error_send_failed(), (input, init) =>
				fetch(input, { ...init, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
			);
		} finally {
			if (renew) clearInterval(renew);
		}
		const done = Date.now();
		const updated = await updateReport(key, (current) => {
			const base = { ...current, lockedUntil: 0, lockOwner: null };
			if (outcome.kind === 'sent')
				return {
					...base,
					state: 'sent',
					ref: outcome.ref,
					statusUrl: outcome.statusUrl,
					error: null,
					sentAt: done
				};
			if (outcome.kind === 'rejected')
				return { ...base, state: 'rejected', error: outcome.message };
			const attempts = current.attempts + 1;
			return {
				...base,
				attempts,
				nextAttemptAt: done + (outcome.afterMs ?? backoffMs(attempts))
			};
		});
		await this.refresh();
		if (outcome.kind === 'sent') this.#recovery.succeeded();
		if (outcome.kind === 'retry' && outcome.down) this.#recovery.failed();
		if (updated?.state === 'sent') this.onsent?.(updated);
		return outcome;
	}

	/** Sends in the background: callers (events, timers) do not wait, failures are logged. */
	#kick(force: boolean): void {
		this.flush(force).catch((error: unknown) => console.error(error));
	}

	/**
	 * Starts the queue for a page with a report form (/zglos, /k/<code>): `online` hears the
	 * connection state now and at every change (the page's offline banner), `sent` each report the
	 * queue delivers. Returns the teardown.
	 */
	attach(page: { online: (online: boolean) => void; sent: (entry: QueuedReport) => void }) {
		const setOnline = () => page.online(navigator.onLine);
		setOnline();
		window.addEventListener('online', setOnline);
		window.addEventListener('offline', setOnline);
		this.onsent = page.sent;
		const stop = this.start();
		// The browser tests wait for this: the page's JavaScript runs.
		if (import.meta.env.MODE === 'test') Object.assign(window, { __reportQueue: this });
		return () => {
			stop();
			window.removeEventListener('online', setOnline);
			window.removeEventListener('offline', setOnline);
		};
	}

	/** Starts the automatic sending; returns the teardown. */
	start(): () => void {
		if (!isQueueAvailable()) return () => {};
		const online = () => this.#kick(true);
		const visible = () => {
			if (document.visibilityState === 'visible') this.#kick(false);
		};
		// Leases (no Web Locks) end with the page: a reload can send at once (best effort; an
		// unfinished release just lets the short lease expire).
		const leave = () => {
			releaseLeases(this.#owner).catch(() => undefined);
		};
		window.addEventListener('online', online);
		document.addEventListener('visibilitychange', visible);
		window.addEventListener('pagehide', leave);
		const timer = setInterval(() => this.#kick(false), CHECK_MS);
		// Reports left waiting by an earlier visit: send the due ones, and for the rest ask the
		// server once whether it answers, so a reload does not sit out a long backoff.
		purgeOld(Date.now())
			.catch((error: unknown) => console.error(error))
			.then(() => this.flush(false))
			.then(() => {
				if (this.waiting.length > 0) this.#recovery.failed();
			})
			.catch((error: unknown) => console.error(error));
		return () => {
			window.removeEventListener('online', online);
			document.removeEventListener('visibilitychange', visible);
			window.removeEventListener('pagehide', leave);
			clearInterval(timer);
			this.#recovery.stop();
		};
	}
}
