import { describe, expect, it } from 'vitest';
import { canClaim, claimed, LEASE_MS, released, withReportLock } from './lock';
import { queuedReport } from './test-reports';

const report = queuedReport('k');

describe('leases (no Web Locks)', () => {
	it('a lease of another page blocks only until it runs out; the owner may take it again', () => {
		const held = claimed(report, 1_000, 'page-a', true);
		expect(held.lockedUntil).toBe(1_000 + LEASE_MS);
		expect(canClaim(held, 1_001, 'page-b', true)).toBe(false);
		expect(canClaim(held, 1_001, 'page-a', true)).toBe(true);
		expect(canClaim(held, 1_000 + LEASE_MS, 'page-b', true)).toBe(true);
		expect(canClaim(released(held, 'page-a'), 1_001, 'page-b', true)).toBe(true);
		expect(released(held, 'page-b')).toBe(held);
	});

	it('under Web Locks an old lease means nothing; a report not waiting is never claimed', () => {
		const old = { ...report, lockedUntil: 9e15, lockOwner: 'gone' };
		expect(canClaim(old, 1_000, 'page-b', false)).toBe(true);
		expect(claimed(old, 1_000, 'page-b', false)).toMatchObject({ lockedUntil: 0, lockOwner: null });
		expect(canClaim({ ...report, state: 'sent' }, 1_000, 'page-b', false)).toBe(false);
	});
});

describe('withReportLock', () => {
	it('refuses at once while the lock is held, and frees it when the work ends or fails', async () => {
		let finish = () => {};
		const first = withReportLock(
			navigator.locks,
			'r1',
			() => new Promise<string>((resolve) => (finish = () => resolve('first')))
		);
		expect(await withReportLock(navigator.locks, 'r1', async () => 'second')).toBeNull();
		// Another report's lock is independent.
		expect(await withReportLock(navigator.locks, 'r2', async () => 'other')).toBe('other');
		finish();
		expect(await first).toBe('first');
		await expect(
			withReportLock(navigator.locks, 'r1', async () => {
				throw new Error('crash');
			})
		).rejects.toThrow('crash');
		expect(await withReportLock(navigator.locks, 'r1', async () => 'again')).toBe('again');
	});
});
