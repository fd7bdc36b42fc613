import { ANON, type Database } from '../db/types.ts';
import type { PinFeature } from '$lib/live/types';
import { consultationPins } from './queries.ts';

export const PIN_CHANNEL = 'consultation_pins';

type PinListener = (pin: PinFeature) => void;

interface PinNotice {
	code: string;
	need: string;
}

function parseNotice(payload: string): PinNotice | null {
	try {
		const value: unknown = JSON.parse(payload);
		if (typeof value !== 'object' || value === null) return null;
		const { code, need } = value as Record<string, unknown>;
		return typeof code === 'string' && typeof need === 'string' ? { code, need } : null;
	} catch {
		return null;
	}
}

/**
 * One LISTEN per process (issue #5, live consultation), fanned out to every SSE client of a
 * session. A notification carries ids only; the pin itself is read once per notification as
 * anon, through RLS, so no client ever gets more than the public map shows.
 */
export class PinHub {
	readonly #db: Database;
	readonly #clients = new Map<string, Set<PinListener>>();
	#listening: Promise<() => Promise<void>> | null = null;

	constructor(db: Database) {
		this.#db = db;
	}

	/** Starts listening on first use; a failed LISTEN is retried by the next subscriber. */
	#start(): Promise<unknown> {
		this.#listening ??= this.#db
			.listen(PIN_CHANNEL, (payload) => void this.#dispatch(payload))
			.catch((e: unknown) => {
				this.#listening = null;
				throw e;
			});
		return this.#listening;
	}

	async #dispatch(payload: string): Promise<void> {
		const notice = parseNotice(payload);
		const listeners = notice && this.#clients.get(notice.code);
		if (!notice || !listeners || listeners.size === 0) return;
		try {
			const pins = await this.#db.asUser(ANON, (tx) =>
				consultationPins(tx, notice.code, notice.need)
			);
			for (const pin of pins.features) for (const listener of listeners) listener(pin);
		} catch (e) {
			console.error('consultation pin lookup failed', e);
		}
	}

	/** Calls `listener` for each answer of session `code` that becomes public; returns the unsubscribe. */
	async subscribe(code: string, listener: PinListener): Promise<() => void> {
		await this.#start();
		let listeners = this.#clients.get(code);
		if (!listeners) {
			listeners = new Set();
			this.#clients.set(code, listeners);
		}
		listeners.add(listener);
		return () => {
			listeners.delete(listener);
			if (listeners.size === 0 && this.#clients.get(code) === listeners) this.#clients.delete(code);
		};
	}

	/** Number of connected clients (for tests and diagnostics). */
	get clientCount(): number {
		let count = 0;
		for (const listeners of this.#clients.values()) count += listeners.size;
		return count;
	}

	async close(): Promise<void> {
		const stop = this.#listening;
		this.#listening = null;
		this.#clients.clear();
		if (stop) await (await stop)();
	}
}
