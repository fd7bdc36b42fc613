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

interface Subscriber {
	onPin: PinListener;
	/** Called once when the hub closes (server shutdown), so the stream can end with a retry hint. */
	onClose?: () => void;
}

/**
 * One LISTEN per process (live consultation), fanned out to every SSE client of a
 * session. A notification carries ids only; the pin itself is read once per notification as
 * anon, through RLS, so no client ever gets more than the public map shows. postgres.js keeps the
 * LISTEN connection and listens again after it reconnects (a restart of PostgreSQL,
 * pg_terminate_backend), so a lost connection costs the pins of the outage only: the page's
 * EventSource reconnects and reads all public pins again.
 */
export class PinHub {
	readonly #db: Database;
	readonly #clients = new Map<string, Set<Subscriber>>();
	#listening: Promise<() => Promise<void>> | null = null;
	#closed = false;

	constructor(db: Database) {
		this.#db = db;
	}

	/** True once the hub was closed for shutdown: new streams should not start. */
	get closed(): boolean {
		return this.#closed;
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
		const subscribers = notice && this.#clients.get(notice.code);
		if (!notice || !subscribers || subscribers.size === 0) return;
		try {
			const pins = await this.#db.asUser(ANON, (tx) =>
				consultationPins(tx, notice.code, notice.need)
			);
			for (const pin of pins.features) for (const s of subscribers) s.onPin(pin);
		} catch (e) {
			console.error('consultation pin lookup failed', e);
		}
	}

	/**
	 * Calls `listener` for each answer of session `code` that becomes public, and `onClose` if the
	 * hub closes first; returns the unsubscribe.
	 */
	async subscribe(code: string, listener: PinListener, onClose?: () => void): Promise<() => void> {
		if (this.#closed) throw new Error('the pin hub is closed');
		await this.#start();
		let subscribers = this.#clients.get(code);
		if (!subscribers) {
			subscribers = new Set();
			this.#clients.set(code, subscribers);
		}
		const subscriber: Subscriber = { onPin: listener, onClose };
		subscribers.add(subscriber);
		const set = subscribers;
		return () => {
			set.delete(subscriber);
			if (set.size === 0 && this.#clients.get(code) === set) this.#clients.delete(code);
		};
	}

	/** Number of connected clients (for tests and diagnostics). */
	get clientCount(): number {
		let count = 0;
		for (const subscribers of this.#clients.values()) count += subscribers.size;
		return count;
	}

	/** Ends every subscription (each gets its `onClose`) and stops listening. */
	async close(): Promise<void> {
		this.#closed = true;
		const stop = this.#listening;
		this.#listening = null;
		const subscribers = [...this.#clients.values()].flatMap((set) => [...set]);
		this.#clients.clear();
		for (const s of subscribers) s.onClose?.();
		// A LISTEN that never started has nothing to stop.
		if (stop)
			await stop.then(
				(unlisten) => unlisten(),
				() => {}
			);
	}
}
