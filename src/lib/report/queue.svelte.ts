// The offline queue as the page sees it: reactive entries plus the sending loop. A report is
// sent again on the 'online' event, when the page is shown again, on page load and every
// CHECK_MS with backoff — always with the key it was queued with, so replays are harmless.
import * as m from '$lib/paraglide/messages';
import {
	allReports,
	claim,
	deleteReport,
	isQueueAvailable,
	purgeOld,
	putReport,
	updateReport
} from './queue-db';
import { backoffMs, sendReport } from './send';
import type { QueuedReport, ReportFields } from './types';

const CHECK_MS = 15_000;
/** Longer than any upload on a slow line; a sender that died just lets it expire. */
const LOCK_MS = 2 * 60_000;

export class ReportQueue {
	entries = $state.raw<QueuedReport[]>([]);
	/** Keys being sent by this page right now. */
	sending = $state.raw<readonly string[]>([]);
	onsent: ((entry: QueuedReport) => void) | null = null;

	#flushing: Promise<void> | null = null;
	#again = false;

	get waiting(): QueuedReport[] {
		return this.entries.filter((entry) => entry.state === 'waiting');
	}

	async refresh(): Promise<void> {
		const entries = await allReports();
		this.entries = entries.sort((a, b) => b.createdAt - a.createdAt);
	}

	/** Saves a report for later. `failedNow`: an attempt just failed, so wait before the next. */
	async enqueue(
		fields: ReportFields,
		photo: File | null,
		options: { failedNow: boolean; retryAfterMs?: number | null }
	): Promise<QueuedReport> {
		const now = Date.now();
		const delay = options.retryAfterMs ?? (options.failedNow ? backoffMs(1) : 0);
		const entry: QueuedReport = {
			key: fields.idempotency_key,
			fields: { ...fields },
			// A File is a Blob: IndexedDB keeps its bytes, so the photo survives a closed tab.
			photo,
			photoName: photo?.name ?? null,
			state: 'waiting',
			createdAt: now,
			attempts: options.failedNow ? 1 : 0,
			nextAttemptAt: now + delay,
			lockedUntil: 0,
			ref: null,
			statusUrl: null,
			error: null,
			sentAt: null
		};
		await putReport(entry);
		// Ask the browser not to evict the queue under storage pressure (best effort).
		navigator.storage?.persist?.().catch(() => false);
		await this.refresh();
		return entry;
	}

	async remove(key: string): Promise<void> {
		await deleteReport(key);
		await this.refresh();
	}

	/** "Wyślij teraz": forget the backoff for this one report. */
	async retryNow(key: string): Promise<void> {
		await updateReport(key, (entry) => ({ ...entry, nextAttemptAt: 0 }));
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
			const now = Date.now();
			if (!force && candidate.nextAttemptAt > now) continue;
			const entry = await claim(candidate.key, now, LOCK_MS);
			if (!entry) continue;
			this.sending = [...this.sending, entry.key];
			const outcome = await sendReport(entry, m.error_send_failed());
			const done = Date.now();
			const updated = await updateReport(entry.key, (current) => {
				const base = { ...current, lockedUntil: 0 };
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
			this.sending = this.sending.filter((key) => key !== entry.key);
			await this.refresh();
			if (updated?.state === 'sent') this.onsent?.(updated);
			// Offline again mid-queue: the rest waits for the next 'online'.
			if (outcome.kind === 'retry' && !navigator.onLine) break;
		}
	}

	/** Starts the automatic sending; returns the teardown. */
	start(): () => void {
		if (!isQueueAvailable()) return () => {};
		// Sends in the background: callers (events, the timer) do not wait, failures are logged.
		const kick = (force: boolean): void => {
			this.flush(force).catch((error: unknown) => console.error(error));
		};
		const online = () => kick(true);
		const visible = () => {
			if (document.visibilityState === 'visible') kick(false);
		};
		window.addEventListener('online', online);
		document.addEventListener('visibilitychange', visible);
		const timer = setInterval(() => kick(false), CHECK_MS);
		purgeOld(Date.now())
			.catch((error: unknown) => console.error(error))
			.finally(() => kick(false));
		return () => {
			window.removeEventListener('online', online);
			document.removeEventListener('visibilitychange', visible);
			clearInterval(timer);
		};
	}
}
