// Noticing that the server is back after an outage. While our server cannot be reached, a cheap
// probe (GET /healthz) runs every PROBE_MS instead of re-uploading reports on a doubling backoff;
// once it answers, the queue drains at once. So a report waits at most PROBE_MS after the
// server is back from a short outage (SLOW_PROBE_MS after one of hours), not a doubled backoff.

/** Between probes while the server is unreachable: a few hundred bytes each. */
export const PROBE_MS = 4_000;
/** After FAST_PROBES failed probes (two minutes), a long outage is probed less often. */
export const SLOW_PROBE_MS = 15_000;
export const FAST_PROBES = 30;

export interface RecoveryOptions {
	/** True when our server answers (see serverAnswers in send.ts). */
	probe: () => Promise<boolean>;
	/** Sends every waiting report now, ignoring the backoff. */
	drain: () => void;
	/** False while the browser knows it is offline: the 'online' event drains then. */
	online?: () => boolean;
	intervalMs?: number;
}

export class Recovery {
	#options: RecoveryOptions;
	#timer: ReturnType<typeof setTimeout> | null = null;
	/** A probe failed since the last failed send: the outage was real, so drain when it ends. */
	#sawDown = false;
	/** The quick retry for a failure the probe never saw (a blip, or an upload path that fails). */
	#quickRetryUsed = false;
	/** Probes in a row that found the server down. */
	#downProbes = 0;

	constructor(options: RecoveryOptions) {
		this.#options = options;
	}

	get watching(): boolean {
		return this.#timer !== null;
	}

	/** A send just failed without reaching our server: start probing, unless already. */
	failed(): void {
		if (!this.#timer) this.#schedule();
	}

	/** A report went through: the server is up, and the next outage starts afresh. */
	succeeded(): void {
		this.#sawDown = false;
		this.#quickRetryUsed = false;
		this.stop();
	}

	stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	#schedule(): void {
		const fast = this.#options.intervalMs ?? PROBE_MS;
		const delay = this.#downProbes < FAST_PROBES ? fast : Math.max(fast, SLOW_PROBE_MS);
		this.#timer = setTimeout(() => void this.#check(), delay);
	}

	async #check(): Promise<void> {
		const offline = this.#options.online && !this.#options.online();
		const up = !offline && (await this.#options.probe().catch(() => false));
		if (!this.#timer) return; // stopped while probing
		this.#timer = null;
		if (!up) {
			// Offline is not our server's fault: keep watching without counting it as an outage.
			if (!offline) {
				this.#sawDown = true;
				this.#downProbes += 1;
			}
			this.#schedule();
			return;
		}
		// The probe answered at once after a failed send: one quick retry, then the backoff
		// decides, so an upload that keeps failing while /healthz answers is not repeated
		// every few seconds.
		this.#downProbes = 0;
		if (!this.#sawDown && this.#quickRetryUsed) return;
		if (!this.#sawDown) this.#quickRetryUsed = true;
		this.#sawDown = false;
		this.#options.drain();
	}
}
