import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale, type Locale } from '$lib/paraglide/runtime';
import { fmt, percent } from '$lib/diagnosis/text';
import { formatCount, formatNumber, formatRange, formatShare, formatValue } from './format';

const original = getLocale;
const inLocale = (locale: Locale) => overwriteGetLocale(() => locale);
afterEach(() => overwriteGetLocale(original));

/** Polish and English write thousands with a no-break space and a comma (CLDR). */
const NBSP = '\u00a0';

describe('one number format per language', () => {
	it('Polish: a decimal comma everywhere, in numbers, percents, counts and ranges', () => {
		inLocale('pl');
		expect(formatNumber(4.6)).toBe('4,6');
		expect(formatNumber(4.56)).toBe('4,6');
		expect(formatNumber(12345.6, 0)).toBe(`12${NBSP}346`);
		expect(formatShare(0.137)).toBe('13,7%');
		expect(formatShare(0.046)).toBe('4,6%');
		expect(formatShare(null)).toBe('—');
		expect(formatCount(12345)).toBe(`12${NBSP}345`);
		expect(formatCount('12345')).toBe(`12${NBSP}345`);
		expect(formatCount('<3')).toBe('<3');
		expect(formatValue('pokrycie', { value: 46, suppressed: false })).toBe('46%');
		expect(formatValue('potrzeby', { value: 4.2, suppressed: false })).toBe('4,2 na 100 adresów');
		expect(formatRange('potrzeby', { from: 1.5, to: 4.6 })).toBe('1,5–4,6 na 100 adresów');
		expect(formatRange('pokrycie', { from: 20, to: 56 })).toMatch(/^20%\s*–\s*56%$/);
	});

	it('English: a decimal point and a thousands comma', () => {
		inLocale('en');
		expect(formatNumber(4.6)).toBe('4.6');
		expect(formatNumber(12345.6, 0)).toBe('12,346');
		expect(formatShare(0.137)).toBe('13.7%');
		expect(formatShare(0.046)).toBe('4.6%');
		expect(formatCount('12345')).toBe('12,345');
		expect(formatValue('potrzeby', { value: 4.2, suppressed: false })).toBe(
			'4.2 per 100 addresses'
		);
		expect(formatRange('zasoby', { from: 1.5, to: 4 })).toBe('1.5–4');
	});

	it("no figure of one language carries the other language's decimal mark", () => {
		inLocale('pl');
		const polish = [
			formatNumber(0.5),
			formatShare(0.005),
			formatRange('zasoby', { from: 0.5, to: 2.5 })
		];
		for (const text of polish) expect(text).not.toMatch(/\d\.\d/);
		inLocale('en');
		const english = [
			formatNumber(0.5),
			formatShare(0.005),
			formatRange('zasoby', { from: 0.5, to: 2.5 })
		];
		for (const text of english) expect(text).not.toMatch(/\d,\d/);
	});

	it('the diagnosis writes its counts and percents the same way', () => {
		inLocale('pl');
		expect([fmt(1234), percent(0.137), percent(null)]).toEqual(['1234', '13,7', '—']);
		inLocale('en');
		expect([fmt(1234), percent(0.137)]).toEqual(['1,234', '13.7']);
	});
});
