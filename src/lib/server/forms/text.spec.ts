import { describe, expect, it } from 'vitest';
import { formText } from './text';

describe('formText', () => {
	it('reads the first value of a text field', () => {
		const form = new FormData();
		form.append('email', 'ala@example.pl');
		form.append('email', 'second@example.pl');
		expect(formText(form, 'email')).toBe('ala@example.pl');
	});

	it('gives an empty string for a missing field or a file sent under a text name', () => {
		const form = new FormData();
		form.append('password', new File(['secret'], 'p.txt'));
		expect(formText(form, 'email')).toBe('');
		expect(formText(form, 'password')).toBe('');
	});
});
