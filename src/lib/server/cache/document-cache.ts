/**
 * A generated document kept in memory: its bytes and the headers that describe them (type,
 * file name). Whoever builds the key decides what makes two documents the same.
 */
export interface CachedDocument {
	body: Uint8Array<ArrayBuffer>;
	headers: Record<string, string>;
}

export interface CacheLimits {
	/** Bytes of bodies kept; the least recently used go first. */
	maxBytes: number;
	/** Generations running at once; the rest wait in a queue. */
	concurrency: number;
	/** Generations allowed to wait; one more is refused at once. */
	maxQueue: number;
	/** How long a generation may wait for its turn before it is refused. */
	queueTimeoutMs: number;
}

/** No generation slot now: the caller answers 503 with Retry-After. */
export class CacheBusyError extends Error {
	override name = 'CacheBusyError';
	constructor(readonly reason: 'queue_full' | 'timeout') {
		super(`document generation refused: ${reason}`);
	}
}

interface Waiter {
	start: () => void;
	timer: ReturnType<typeof setTimeout>;
}

/**
 * A bounded in-memory cache for documents that are expensive to make (PDFs, large CSV/GeoJSON):
 *
 * - LRU by bytes: a hit moves the entry to the young end (a Map keeps insertion order); storing
 *   evicts from the old end until the total fits. A body larger than the bound is not kept.
 * - Single flight: concurrent requests for a key that is being generated wait for that one
 *   generation and share its result or its error; errors are never cached.
 * - Bounded generation: at most `concurrency` generations run at once, at most `maxQueue` wait
 *   (each at most `queueTimeoutMs`); beyond that `CacheBusyError`, so a burst of distinct
 *   documents cannot take every CPU of the server from the pages.
 */
export class DocumentCache {
	readonly #limits: CacheLimits;
	readonly #entries = new Map<string, CachedDocument>();
	readonly #inflight = new Map<string, Promise<CachedDocument>>();
	readonly #queue: Waiter[] = [];
	#bytes = 0;
	#running = 0;
	/** Counters for tests and diagnostics. */
	readonly stats = { hits: 0, joined: 0, generated: 0, failed: 0, evicted: 0, refused: 0 };

	constructor(limits: CacheLimits) {
		this.#limits = limits;
	}

	/** Bytes and entries held, generations running and waiting. */
	get size() {
		return {
			bytes: this.#bytes,
			entries: this.#entries.size,
			running: this.#running,
			queued: this.#queue.length
		};
	}

	/** The document of `key`: from memory, from a generation under way, or generated now. */
	get(key: string, generate: () => Promise<CachedDocument>): Promise<CachedDocument> {
		const hit = this.#entries.get(key);
		if (hit) {
			this.#entries.delete(key);
			this.#entries.set(key, hit);
			this.stats.hits++;
			return Promise.resolve(hit);
		}
		const running = this.#inflight.get(key);
		if (running) {
			this.stats.joined++;
			return running;
		}
		const flight = this.#generate(key, generate).finally(() => this.#inflight.delete(key));
		this.#inflight.set(key, flight);
		return flight;
	}

	/** Forgets every stored document (generations under way still finish). */
	clear() {
		this.#entries.clear();
		this.#bytes = 0;
	}

	async #generate(key: string, generate: () => Promise<CachedDocument>) {
		await this.#acquire();
		try {
			const doc = await generate();
			this.stats.generated++;
			this.#store(key, doc);
			return doc;
		} catch (e) {
			this.stats.failed++;
			throw e;
		} finally {
			this.#release();
		}
	}

	#acquire(): Promise<void> {
		const { concurrency, maxQueue, queueTimeoutMs } = this.#limits;
		if (this.#running < concurrency) {
			this.#running++;
			return Promise.resolve();
		}
		if (this.#queue.length >= maxQueue) {
			this.stats.refused++;
			return Promise.reject(new CacheBusyError('queue_full'));
		}
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				start: resolve,
				timer: setTimeout(() => {
					this.#queue.splice(this.#queue.indexOf(waiter), 1);
					this.stats.refused++;
					reject(new CacheBusyError('timeout'));
				}, queueTimeoutMs)
			};
			this.#queue.push(waiter);
		});
	}

	/** Hands the slot to the next waiter, if any, else frees it. */
	#release() {
		const next = this.#queue.shift();
		if (next) {
			clearTimeout(next.timer);
			next.start();
		} else {
			this.#running--;
		}
	}

	#store(key: string, doc: CachedDocument) {
		const size = doc.body.byteLength;
		if (size > this.#limits.maxBytes) return;
		const previous = this.#entries.get(key);
		if (previous) {
			this.#entries.delete(key);
			this.#bytes -= previous.body.byteLength;
		}
		this.#bytes += size;
		this.#entries.set(key, doc);
		for (const [oldKey, old] of this.#entries) {
			if (this.#bytes <= this.#limits.maxBytes) break;
			this.#entries.delete(oldKey);
			this.#bytes -= old.body.byteLength;
			this.stats.evicted++;
		}
	}
}
