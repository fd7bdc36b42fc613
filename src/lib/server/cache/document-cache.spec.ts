import { describe, expect, it } from 'vitest';
import {
	CacheBusyError,
	DocumentCache,
	type CacheLimits,
	type CachedDocument
} from './document-cache.ts';

const LIMITS: CacheLimits = { maxBytes: 1000, concurrency: 2, maxQueue: 2, queueTimeoutMs: 1000 };

const doc = (bytes: number, name = 'x'): CachedDocument => ({
	body: new Uint8Array(bytes),
	headers: { 'content-type': 'text/plain', name }
});

/** A generation that finishes when the test says so, and counts how often it started. */
function gate(result: CachedDocument = doc(10)) {
	let open!: () => void;
	let fail!: (e: unknown) => void;
	const ready = new Promise<void>((resolve, reject) => {
		open = resolve;
		fail = reject;
	});
	const g = {
		started: 0,
		open,
		fail,
		run: async () => {
			g.started++;
			await ready;
			return result;
		}
	};
	return g;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('DocumentCache', () => {
	it('single flight: concurrent requests for one key share one generation', async () => {
		const cache = new DocumentCache(LIMITS);
		const g = gate();
		const all = Promise.all(Array.from({ length: 5 }, () => cache.get('k', g.run)));
		await tick();
		g.open();
		const docs = await all;
		expect(g.started).toBe(1);
		expect(new Set(docs).size).toBe(1);
		expect(cache.stats).toMatchObject({ generated: 1, joined: 4, hits: 0 });
		await cache.get('k', g.run);
		expect(cache.stats.hits).toBe(1);
		expect(g.started).toBe(1);
	});

	it('an error reaches every waiter and is not cached; the next request generates again', async () => {
		const cache = new DocumentCache(LIMITS);
		const g = gate();
		const a = cache.get('k', g.run);
		const b = cache.get('k', g.run);
		g.fail(new Error('boom'));
		await expect(a).rejects.toThrow('boom');
		await expect(b).rejects.toThrow('boom');
		expect(cache.size.entries).toBe(0);
		const again = await cache.get('k', async () => doc(5));
		expect(again.body.byteLength).toBe(5);
		expect(cache.stats).toMatchObject({ failed: 1, generated: 1 });
	});

	it('LRU by bytes: the least recently used go first; a body over the bound is not kept', async () => {
		const cache = new DocumentCache(LIMITS);
		await cache.get('a', async () => doc(400, 'a'));
		await cache.get('b', async () => doc(400, 'b'));
		await cache.get('a', async () => doc(400, 'a2')); // a hit: a is now the most recent
		await cache.get('c', async () => doc(400, 'c')); // 1200 > 1000: b goes
		expect(cache.size).toEqual({ bytes: 800, entries: 2, running: 0, queued: 0 });
		expect(cache.stats.evicted).toBe(1);
		expect((await cache.get('a', async () => doc(1, 'new'))).headers.name).toBe('a');
		expect((await cache.get('b', async () => doc(1, 'new b'))).headers.name).toBe('new b');
		const big = await cache.get('big', async () => doc(1001));
		expect(big.body.byteLength).toBe(1001);
		expect(cache.size.bytes).toBeLessThanOrEqual(1000);
		expect((await cache.get('big', async () => doc(1, 'again'))).headers.name).toBe('again');
	});

	it('runs at most `concurrency` generations at once; the others wait their turn', async () => {
		const cache = new DocumentCache({ ...LIMITS, maxQueue: 10 });
		let running = 0;
		let peak = 0;
		const gates = Array.from({ length: 5 }, () => gate());
		const all = gates.map((g, i) =>
			cache.get(`k${i}`, async () => {
				running++;
				peak = Math.max(peak, running);
				try {
					return await g.run();
				} finally {
					running--;
				}
			})
		);
		await tick();
		expect(gates.map((g) => g.started)).toEqual([1, 1, 0, 0, 0]);
		gates[0].open();
		await tick();
		await tick();
		expect(gates.map((g) => g.started)).toEqual([1, 1, 1, 0, 0]);
		for (const g of gates) g.open();
		await Promise.all(all);
		expect(peak).toBe(2);
		expect(cache.stats.generated).toBe(5);
	});

	it('a full queue refuses at once with CacheBusyError; a long wait times out', async () => {
		const cache = new DocumentCache({ ...LIMITS, concurrency: 1, maxQueue: 1, queueTimeoutMs: 30 });
		const g = gate();
		const first = cache.get('a', g.run);
		const queued = cache.get('b', async () => doc(1));
		const refused = cache.get('c', async () => doc(1));
		await expect(refused).rejects.toBeInstanceOf(CacheBusyError);
		await expect(refused).rejects.toMatchObject({ reason: 'queue_full' });
		// Joining a generation under way needs no slot.
		const joined = cache.get('a', g.run);
		await expect(queued).rejects.toMatchObject({ reason: 'timeout' });
		g.open();
		expect(await joined).toBe(await first);
		expect(cache.stats.refused).toBe(2);
		// The slot is free again.
		expect((await cache.get('b', async () => doc(3))).body.byteLength).toBe(3);
	});
});
