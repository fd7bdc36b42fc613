import { describe, expect, it } from 'vitest';
import {
	isNeedFiltered,
	matchesNeedFilter,
	needFilterFrom,
	NO_NEED_FILTER,
	withNeedFilter
} from './need-filter';

const CATEGORIES = ['drogi', 'seniorzy'];

describe('needFilterFrom', () => {
	it('reads kind, category and status group from the Polish query parameters', () => {
		const params = new URLSearchParams('rodzaj=idea&kategoria=drogi&stan=done&wies=borowa');
		expect(needFilterFrom(params, CATEGORIES)).toEqual({
			kind: 'idea',
			category: 'drogi',
			status: 'done'
		});
	});

	it('drops values that are not among the choices instead of failing', () => {
		const params = new URLSearchParams('rodzaj=cat&kategoria=nieznana&stan=published');
		expect(needFilterFrom(params, CATEGORIES)).toEqual(NO_NEED_FILTER);
		expect(isNeedFiltered(needFilterFrom(params, CATEGORIES))).toBe(false);
	});
});

describe('withNeedFilter', () => {
	it('replaces the filter parameters and keeps the others', () => {
		const params = new URLSearchParams('wies=borowa&rodzaj=idea&stan=open');
		const next = withNeedFilter(params, { kind: null, category: 'drogi', status: 'done' });
		expect(next.toString()).toBe('wies=borowa&kategoria=drogi&stan=done');
	});
});

describe('matchesNeedFilter', () => {
	const need = { kind: 'need', category: 'drogi', status: 'in_progress' };

	it('lets every need through without a filter', () => {
		expect(matchesNeedFilter(need, NO_NEED_FILTER)).toBe(true);
	});

	it('filters by kind and category', () => {
		expect(matchesNeedFilter(need, { ...NO_NEED_FILTER, kind: 'idea' })).toBe(false);
		expect(matchesNeedFilter(need, { ...NO_NEED_FILTER, category: 'seniorzy' })).toBe(false);
		expect(matchesNeedFilter(need, { kind: 'need', category: 'drogi', status: null })).toBe(true);
	});

	it('counts every status before done as open', () => {
		const open = { ...NO_NEED_FILTER, status: 'open' as const };
		const done = { ...NO_NEED_FILTER, status: 'done' as const };
		expect(matchesNeedFilter(need, open)).toBe(true);
		expect(matchesNeedFilter(need, done)).toBe(false);
		expect(matchesNeedFilter({ ...need, status: 'done' }, done)).toBe(true);
		expect(matchesNeedFilter({ ...need, status: 'done' }, open)).toBe(false);
	});
});
