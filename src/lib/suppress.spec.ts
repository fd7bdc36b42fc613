import { describe, expect, it } from 'vitest';
import { isSuppressed, suppressCount } from './suppress.ts';

describe('suppressCount', () => {
	it('hides 1 and 2 of a figure from non-public data from the public, keeps 0 and 3+', () => {
		expect([0, 1, 2, 3, 17].map((n) => suppressCount(n, false, 'restricted'))).toEqual([
			'0',
			'<3',
			'<3',
			'3',
			'17'
		]);
	});
	it('shows exact counts of non-public data to staff', () => {
		expect([1, 2].map((n) => suppressCount(n, true, 'restricted'))).toEqual(['1', '2']);
		expect(isSuppressed(2, true, 'restricted')).toBe(false);
		expect(isSuppressed(2, false, 'restricted')).toBe(true);
	});
	it('never hides a count of items that are public one by one', () => {
		expect([0, 1, 2, 3].map((n) => suppressCount(n, false, 'public'))).toEqual([
			'0',
			'1',
			'2',
			'3'
		]);
		expect(isSuppressed(1, false, 'public')).toBe(false);
	});
});
