import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FreeText, freeText, hasNul, textOf, trimInvisible } from './text.ts';

const Title = v.pipe(FreeText, v.minLength(3, 'short'), v.maxLength(10, 'long'));

describe('trimInvisible', () => {
	it.each([
		['\u200b\u200b\u200b', ''],
		['\u200c\u200d\u2060\ufeff\u00ad', ''],
		['\u3164\u3164\u3164', ''],
		['\u2800\u2800\u2800', ''],
		['\u202e\u202d\u2066', ''],
		['\ufe0f\ufe0f\ufe0f', ''],
		['\u00a0\u2003\u3000\u205f\u2028', ''],
		[' \t\n\r\u0085 ', ''],
		['\u200bŁawka\u200b', 'Ławka'],
		['\ufeff  Ławka przy szkole \u00a0\u200d', 'Ławka przy szkole'],
		['Ławka\u200bprzy', 'Ławka\u200bprzy'],
		['Park ❤️', 'Park ❤️'],
		['👩‍👩‍👧', '👩‍👩‍👧'],
		['Kibicujemy 🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'Kibicujemy 🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
		['', ''],
		['abc', 'abc']
	])('%j → %j', (input, expected) => {
		expect(trimInvisible(input)).toBe(expected);
	});
});

describe('FreeText', () => {
	it('refuses a title of only invisible characters before the length check', () => {
		for (const title of ['\u200b\u200b\u200b', '\u200b \u200b', '\u3164\u3164\u3164\u3164']) {
			const result = v.safeParse(Title, title);
			expect(result.success, JSON.stringify(title)).toBe(false);
			expect(result.issues?.[0].message).toBe('short');
		}
	});

	it('counts only what remains after trimming', () => {
		expect(v.parse(Title, '\u200b\u200bABC\u200b\u200b\u200b\u200b\u200b\u200b\u200b')).toBe('ABC');
		expect(v.safeParse(Title, '\u200bAB\u200b').success).toBe(false);
	});

	it('refuses NUL with a message', () => {
		const result = v.safeParse(Title, 'Ław\u0000ka');
		expect(result.success).toBe(false);
		expect(result.issues?.[0].message).toMatch(/NUL|zerowy/);
		expect(hasNul('a\u0000')).toBe(true);
		expect(hasNul('a')).toBe(false);
	});

	it('freeText: trimmed text, null with NUL, empty for a missing value', () => {
		expect(freeText(' \u200bImię ')).toBe('Imię');
		expect(freeText('a\u0000b')).toBeNull();
		expect(freeText(null)).toBe('');
		expect(freeText(undefined)).toBe('');
	});
});

describe('textOf', () => {
	it('shows strings, numbers and booleans as written, anything else as nothing', () => {
		expect(textOf('Kramsk')).toBe('Kramsk');
		expect(textOf(12)).toBe('12');
		expect(textOf(false)).toBe('false');
		for (const value of [null, undefined, {}, ['a'], new Blob(['x'])])
			expect(textOf(value)).toBe('');
	});
});
