import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEASE_MS, LOCK_PREFIX } from './lock';
import { allReports, deleteReport, putReport, releaseLeases } from './queue-db';
import { ReportQueue } from './queue.svelte';
import { PROBE_MS } from './recovery';
import { queuedReport, reportFields } from './test-reports';
import type { QueuedReport } from './types';

// The queue over a real (in-memory) IndexedDB, Node's own Web Locks and a fake server that
// records every upload by its idempotency key.
const realLocks = navigator.locks;
const database = new IDBFactory();

const waiting = (key: string, changes: Partial<QueuedReport> = {}) =>
	queuedReport(key, { createdAt: Date.now(), ...changes });

/** A server that can be down; `uploads` lists every POST by key, `probes` counts /healthz. */
function fakeServer() {
	const server = {
		up: true,
		uploads: [] as string[],
		probes: 0,
		/** The live consultation each upload named, by key (null: an ordinary report). */
		tags: {} as Record<string, string | null>
	};
	const fake: typeof fetch = async (input, init) => {
		const url = input instanceof Request ? input.url : input.toString();
		if (url === '/healthz') server.probes += 1;
		if (!server.up) throw new TypeError('Failed to fetch');
		if (url === '/healthz') return Response.json({ status: 'ok' });
		const body = init?.body;
		const key = body instanceof FormData ? body.get('idempotency_key') : null;
		if (typeof key !== 'string') throw new Error('not a report upload');
		server.uploads.push(key);
		const tag = body instanceof FormData ? body.get('consultation') : null;
		server.tags[key] = typeof tag === 'string' ? tag : null;
		return Response.json(
			{ ref: `KR-2026-${String(server.uploads.length).padStart(4, '0')}`, status_url: `/s/${key}` },
			{ status: 201 }
		);
	};
	vi.stubGlobal('fetch', fake);
	return server;
}

function browser(withLocks: boolean) {
	vi.stubGlobal('navigator', { onLine: true, locks: withLocks ? realLocks : undefined });
}

/** Lets IndexedDB (which runs on setImmediate, never faked here) finish its work. */
async function settle() {
	for (let turn = 0; turn < 40; turn += 1) await new Promise((done) => setImmediate(done));
}

async function stored(key: string) {
	return (await allReports()).find((entry) => entry.key === key);
}

beforeAll(() => {
	vi.stubGlobal('indexedDB', database);
});

beforeEach(async () => {
	for (const entry of await allReports()) await deleteReport(entry.key);
});

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
	vi.stubGlobal('indexedDB', database);
});

afterAll(() => {
	vi.unstubAllGlobals();
});

describe('a lock does not outlive its page', () => {
	it('a report left mid-upload by a reloaded page is sent at once by "Wyślij teraz", with the rest', async () => {
		browser(true);
		const server = fakeServer();
		const now = Date.now();
		// As a page that died mid-upload leaves it (even with an old two-minute lock), beside two
		// reports deep in their backoff.
		await putReport(waiting('a', { lockedUntil: now + 120_000, lockOwner: 'gone', attempts: 1 }));
		await putReport(waiting('b', { nextAttemptAt: now + 600_000, attempts: 5 }));
		await putReport(waiting('c', { nextAttemptAt: now + 600_000, attempts: 5 }));
		const page = new ReportQueue();
		await page.retryNow('a');
		expect(server.uploads.sort()).toEqual(['a', 'b', 'c']);
		expect(page.waiting).toEqual([]);
		// Sent once: a second press or flush has nothing left to send.
		await page.flush(true);
		expect(server.uploads).toHaveLength(3);
	});

	it('a report another live page is sending is not sent twice, and is sendable once it lets go', async () => {
		browser(true);
		const server = fakeServer();
		await putReport(waiting('a'));
		await putReport(waiting('b'));
		let letGo = () => {};
		const other = new Promise<void>((resolve) => (letGo = resolve));
		const held = realLocks.request(`${LOCK_PREFIX}a`, () => other);
		const page = new ReportQueue();
		await page.retryNow('a');
		expect(server.uploads).toEqual(['b']);
		letGo();
		await held;
		await page.retryNow('a');
		expect(server.uploads).toEqual(['b', 'a']);
	});

	it('without Web Locks, a page lease is short, and freed on pagehide', async () => {
		browser(false);
		vi.useFakeTimers({ toFake: ['Date'] });
		const server = fakeServer();
		await putReport(waiting('a', { lockedUntil: Date.now() + LEASE_MS, lockOwner: 'other' }));
		await putReport(waiting('b', { lockedUntil: Date.now() + LEASE_MS, lockOwner: 'gone' }));
		const page = new ReportQueue();
		await page.flush(true);
		expect(server.uploads).toEqual([]);
		// The page that held 'b' went away: its pagehide gave the lease up.
		await releaseLeases('gone');
		await page.retryNow('b');
		expect(server.uploads).toEqual(['b']);
		// 'a's page never renewed its lease: after LEASE_MS it is anyone's.
		vi.setSystemTime(Date.now() + LEASE_MS + 1);
		await page.retryNow('a');
		expect(server.uploads).toEqual(['b', 'a']);
		expect((await stored('a'))?.lockOwner).toBeNull();
	});
});

describe('after an outage', () => {
	it('sends within one probe interval of the server answering again, whatever the backoff', async () => {
		browser(true);
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
		const server = fakeServer();
		server.up = false;
		const page = new ReportQueue();
		await page.enqueue(reportFields('a'), null, { failedNow: false });
		await page.flush();
		expect((await stored('a'))?.attempts).toBe(1);
		// Down for a while: only cheap probes, no uploads.
		for (let probe = 0; probe < 10; probe += 1) {
			await vi.advanceTimersByTimeAsync(PROBE_MS);
			await settle();
		}
		expect(server.probes).toBe(10);
		expect(server.uploads).toEqual([]);
		server.up = true;
		await vi.advanceTimersByTimeAsync(PROBE_MS);
		await settle();
		expect(server.uploads).toEqual(['a']);
		expect((await stored('a'))?.state).toBe('sent');
		// Up again: the probing stops.
		await vi.advanceTimersByTimeAsync(PROBE_MS * 3);
		await settle();
		expect(server.probes).toBe(11);
	});
});

describe('sent reports', () => {
	it('are listed newest first and can be cleared, leaving waiting and refused ones', async () => {
		browser(true);
		fakeServer();
		await putReport(waiting('old', { state: 'sent', ref: 'KR-2026-0001', sentAt: 1_000 }));
		await putReport(waiting('new', { state: 'sent', ref: 'KR-2026-0002', sentAt: 2_000 }));
		await putReport(waiting('bad', { state: 'rejected', error: 'Za krótki tytuł' }));
		await putReport(waiting('later', { nextAttemptAt: Date.now() + 600_000 }));
		const page = new ReportQueue();
		await page.refresh();
		expect(page.sent.map((entry) => entry.ref)).toEqual(['KR-2026-0002', 'KR-2026-0001']);
		await page.clearSent();
		expect(page.sent).toEqual([]);
		expect(page.entries.map((entry) => entry.key).sort()).toEqual(['bad', 'later']);
	});
});

describe('a live consultation answer', () => {
	it('queued offline, is sent later still tagged with its session; ordinary reports stay untagged', async () => {
		browser(true);
		const server = fakeServer();
		server.up = false;
		const phone = new ReportQueue();
		await phone.enqueue(reportFields('answer'), null, { failedNow: true, consultation: 'KXR7PQ' });
		await phone.enqueue(reportFields('report'), null, { failedNow: true });
		// The tag is stored with the answer: a page opened later (after the tab was closed) has it.
		expect((await stored('answer'))?.consultation).toBe('KXR7PQ');
		expect((await stored('report'))?.consultation).toBeNull();
		server.up = true;
		const later = new ReportQueue();
		await later.flush(true);
		expect(server.tags).toEqual({ answer: 'KXR7PQ', report: null });
		expect((await stored('answer'))?.state).toBe('sent');
	});
});
