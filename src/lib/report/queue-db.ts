// The offline queue in IndexedDB. Plain IndexedDB keeps the bundle small and
// stores the photo as a Blob, which localStorage cannot. Every read-modify-write runs in one
// readwrite transaction: IndexedDB serializes those, so two tabs never both claim a report.
import { canClaim, claimed, LEASE_MS, released } from './lock';
import type { QueuedReport } from './types';

const DB_NAME = 'mapa-zasobow-zgloszenia';
const STORE = 'reports';
const VERSION = 1;
/** Queued reports are kept at least this long (the issue asks for 7 days), sent ones as long. */
export const KEEP_MS = 30 * 24 * 60 * 60 * 1000;

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
	opening ??= new Promise<IDBDatabase>((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, VERSION);
		request.onupgradeneeded = () => {
			if (!request.result.objectStoreNames.contains(STORE))
				request.result.createObjectStore(STORE, { keyPath: 'key' });
		};
		request.onsuccess = () => {
			const db = request.result;
			// Another tab with a newer version wants to upgrade: let it, reopen on next use.
			db.onversionchange = () => {
				db.close();
				opening = null;
			};
			resolve(db);
		};
		request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
		request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
	}).catch((error: unknown) => {
		opening = null;
		throw error;
	});
	return opening;
}

/** Runs `work` in one transaction and resolves with its result once the transaction commits. */
async function transaction<T>(
	mode: IDBTransactionMode,
	work: (store: IDBObjectStore, done: (value: T) => void) => void
): Promise<T> {
	const db = await open();
	return new Promise<T>((resolve, reject) => {
		const tx = db.transaction(STORE, mode);
		let result: T;
		tx.oncomplete = () => resolve(result);
		tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
		work(tx.objectStore(STORE), (value) => (result = value));
	});
}

export function isQueueAvailable(): boolean {
	return typeof indexedDB !== 'undefined';
}

export function putReport(entry: QueuedReport): Promise<void> {
	return transaction<void>('readwrite', (store, done) => {
		store.put(entry);
		done(undefined);
	});
}

export function allReports(): Promise<QueuedReport[]> {
	return transaction<QueuedReport[]>('readonly', (store, done) => {
		const request = store.getAll();
		request.onsuccess = () => done(request.result as QueuedReport[]);
	});
}

export function deleteReport(key: string): Promise<void> {
	return transaction<void>('readwrite', (store, done) => {
		store.delete(key);
		done(undefined);
	});
}

/** Reads, changes and writes one report atomically; resolves with the new value (or null). */
export function updateReport(
	key: string,
	change: (entry: QueuedReport) => QueuedReport | null
): Promise<QueuedReport | null> {
	return transaction<QueuedReport | null>('readwrite', (store, done) => {
		const request = store.get(key);
		request.onsuccess = () => {
			const current = request.result as QueuedReport | undefined;
			const next = current ? change(current) : null;
			if (next) store.put(next);
			done(next);
		};
	});
}

/**
 * Marks a waiting report as being sent by page `owner`, unless it is no longer waiting or (where
 * a lease guards it, see lock.ts) another live page holds it.
 */
export function claim(
	key: string,
	now: number,
	owner: string,
	leased: boolean
): Promise<QueuedReport | null> {
	return updateReport(key, (entry) =>
		canClaim(entry, now, owner, leased) ? claimed(entry, now, owner, leased) : null
	);
}

/** Extends this page's lease on a report it is still sending. */
export function renewLease(key: string, now: number, owner: string): Promise<unknown> {
	return updateReport(key, (entry) =>
		entry.lockOwner === owner ? { ...entry, lockedUntil: now + LEASE_MS } : null
	);
}

/** Visits every queued report in one read-write transaction (to update or delete it). */
function eachEntry(
	visit: (cursor: IDBCursorWithValue, entry: QueuedReport) => void
): Promise<void> {
	return transaction<void>('readwrite', (store, done) => {
		const request = store.openCursor();
		request.onsuccess = () => {
			const cursor = request.result;
			if (!cursor) return done(undefined);
			visit(cursor, cursor.value as QueuedReport);
			cursor.continue();
		};
	});
}

/** Gives up every lease of this page (on pagehide; best effort, the lease expires anyway). */
export function releaseLeases(owner: string): Promise<void> {
	return eachEntry((cursor, entry) => {
		if (entry.lockOwner === owner) cursor.update(released(entry, owner));
	});
}

/** Forgets the sent reports (the resident cleared the list); waiting and refused ones stay. */
export function clearSent(): Promise<void> {
	return eachEntry((cursor, entry) => {
		if (entry.state === 'sent') cursor.delete();
	});
}

/** Forgets reports older than KEEP_MS (sent, refused or, after a month, still unsent). */
export function purgeOld(now: number): Promise<void> {
	return eachEntry((cursor, entry) => {
		if (now - (entry.sentAt ?? entry.createdAt) > KEEP_MS) cursor.delete();
	});
}
