import { describe, expect, it } from 'vitest';
import { ReportForm } from './form.svelte';
import { withoutStaleErrors } from './stale';

// The form's own fields, every one not named here empty.
const { fields } = new ReportForm({ kind: 'need', category: 'drogi', title: 'ab', contact: 'x' });

describe('withoutStaleErrors', () => {
	it('drops the error of a field whose value changed and keeps the others', () => {
		const errors = { title: 'short', category: 'missing' };
		expect(withoutStaleErrors(errors, fields, { ...fields, title: 'abc' })).toEqual({
			category: 'missing'
		});
	});

	it('drops the consent error when the contact changes', () => {
		const errors = { contact_consent: 'consent' };
		expect(withoutStaleErrors(errors, fields, { ...fields, contact: '' })).toEqual({});
	});

	it('returns the same object when nothing relevant changed', () => {
		const errors = { title: 'short' };
		expect(withoutStaleErrors(errors, fields, { ...fields, description: 'more' })).toBe(errors);
	});
});
