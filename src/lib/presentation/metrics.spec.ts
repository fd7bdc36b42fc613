import { describe, expect, it } from 'vitest';
import { CLASS, classOf, isMetric, ranges } from './metrics';

describe('presentation metrics', () => {
	it('accepts only the known metric names from the URL', () => {
		expect(isMetric('wsparcia')).toBe(true);
		expect(isMetric('WSPARCIA')).toBe(false);
		expect(isMetric(null)).toBe(false);
	});

	it('splits the distinct positive values into up to three ranges', () => {
		expect(ranges([0, 1, 2, 3, 4, 5, 6, 6])).toEqual([
			{ from: 1, to: 2 },
			{ from: 3, to: 4 },
			{ from: 5, to: 6 }
		]);
		expect(ranges([0, 7, 7])).toEqual([{ from: 7, to: 7 }]);
		expect(ranges([0, 0])).toEqual([]);
	});

	it('classes: no data, zero, suppressed and the ranges', () => {
		const breaks = ranges([3, 5, 9]);
		expect(classOf({ value: null, suppressed: false }, breaks)).toBe(CLASS.noData);
		expect(classOf({ value: 0, suppressed: false }, breaks)).toBe(CLASS.zero);
		// A suppressed value has no number, so it can only land in the "<3" class.
		expect(classOf({ value: null, suppressed: true }, breaks)).toBe(CLASS.suppressed);
		expect(classOf({ value: 3, suppressed: false }, breaks)).toBe(CLASS.range);
		expect(classOf({ value: 5, suppressed: false }, breaks)).toBe(CLASS.range + 1);
		expect(classOf({ value: 9, suppressed: false }, breaks)).toBe(CLASS.range + 2);
	});
});
