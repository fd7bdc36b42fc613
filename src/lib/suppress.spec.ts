import { describe, expect, it } from 'vitest';
import { isSuppressed, suppressCount } from './suppress.ts';

describe('suppressCount', () => {
	it('hides 1 and 2 from the public, keeps 0 and 3+', () => {
		expect([0, 1, 2, 3, 17].map((n) => suppressCount(n, false))).toEqual([
			'0',
			'<3',
			'<3',
			'3',
			'17'
		]);
	});
	it('shows exact counts to staff', () => {
		expect([1, 2].map((n) => suppressCount(n, true))).toEqual(['1', '2']);
		expect(isSuppressed(2, true)).toBe(false);
		expect(isSuppressed(2, false)).toBe(true);
	});
});
