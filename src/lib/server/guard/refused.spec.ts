import { afterEach, describe, expect, it, vi } from 'vitest';
import { refusedAsUntrusted } from './refused.ts';

describe('refusedAsUntrusted', () => {
	afterEach(() => vi.restoreAllMocks());

	it('recognises the database refusing a guarded write (42501) and logs why, for the operator only', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const e = Object.assign(new Error('untrusted_request'), { code: '42501', detail: 'expired' });
		expect(refusedAsUntrusted(e, 'private.submit_need')).toBe(true);
		expect(log).toHaveBeenCalledOnce();
		expect(String(log.mock.calls[0][0])).toMatch(
			/private\.submit_need.*untrusted_request, expired/
		);
	});

	it('leaves every other error to its caller, unlogged', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		for (const e of [{ code: 'MZ429', detail: '60' }, { code: '23514' }, new Error('x'), null]) {
			expect(refusedAsUntrusted(e, 'x')).toBe(false);
		}
		expect(log).not.toHaveBeenCalled();
	});
});
