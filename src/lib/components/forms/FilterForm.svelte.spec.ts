import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import FilterForm from './FilterForm.svelte';

const children = createRawSnippet(() => ({
	render: () =>
		'<label>Status <select name="status"><option value="">Wszystkie</option></select></label>'
}));

describe('FilterForm', () => {
	it('gets the list again with its fields, through one submit button after them', () => {
		render(FilterForm, { submit: 'Filtruj', children });
		const button = screen.getByRole('button', { name: 'Filtruj' });
		expect(button.getAttribute('type')).toBe('submit');
		const form = button.closest('form');
		expect(form?.getAttribute('method')).toBe('GET');
		expect(form?.hasAttribute('aria-labelledby')).toBe(false);
		const select = screen.getByRole('combobox', { name: 'Status' });
		expect(select.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
		expect(screen.queryByRole('heading')).toBeNull();
	});

	it('is named by its heading when it has one', () => {
		render(FilterForm, { submit: 'Filtruj', heading: 'Filtry', children });
		const heading = screen.getByRole('heading', { level: 2, name: 'Filtry' });
		const form = heading.closest('form');
		expect(form?.getAttribute('aria-labelledby')).toBe(heading.id);
	});
});
