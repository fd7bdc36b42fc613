// Who may send a queued report right now. Two tabs must never upload the same report at once,
// and a lock must not outlive the page that took it (a reload or a closed tab mid-upload).
// Where the browser has Web Locks (https://w3c.github.io/web-locks/), the lock is one named
// after the report: the browser releases it as soon as the page goes away. Elsewhere a lease in
// IndexedDB stands in: short, renewed while the upload runs, given up on pagehide, so a page that
// died blocks the report for at most LEASE_MS.
import type { QueuedReport } from './types';

/** How long a lease lasts without renewal; renewed every LEASE_MS / 3 while sending. */
export const LEASE_MS = 20_000;
export const LOCK_PREFIX = 'mapa-zasobow-zgloszenie:';

/** A random id for this page, the owner of its leases. */
export function pageOwnerId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether `owner` may start sending `entry`. `leased`: the lease guards it (no Web Locks); with
 * Web Locks the named lock, already held by the caller, is the only guard and an old lease from
 * a page that is gone means nothing.
 */
export function canClaim(
	entry: QueuedReport,
	now: number,
	owner: string,
	leased: boolean
): boolean {
	if (entry.state !== 'waiting') return false;
	if (!leased) return true;
	return entry.lockedUntil <= now || entry.lockOwner === owner;
}

/** The entry as claimed: with a lease until now + LEASE_MS, or with none under Web Locks. */
export function claimed(
	entry: QueuedReport,
	now: number,
	owner: string,
	leased: boolean
): QueuedReport {
	return leased
		? { ...entry, lockedUntil: now + LEASE_MS, lockOwner: owner }
		: { ...entry, lockedUntil: 0, lockOwner: null };
}

/** The entry without this owner's lease (unchanged if someone else holds it). */
export function released(entry: QueuedReport, owner: string): QueuedReport {
	return entry.lockOwner === owner ? { ...entry, lockedUntil: 0, lockOwner: null } : entry;
}

/** The browser's Web Locks, if it has them (not on older Safari, nor in insecure contexts). */
export function webLocks(): LockManager | null {
	return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/**
 * Runs `work` while holding the page-bound lock of report `key`, or returns `null` at once when
 * another page (or this one) holds it: that page is alive and sending it right now.
 */
export async function withReportLock<T>(
	locks: LockManager,
	key: string,
	work: () => Promise<T>
): Promise<T | null> {
	return locks.request(`${LOCK_PREFIX}${key}`, { ifAvailable: true }, (lock) =>
		lock ? work() : null
	);
}
