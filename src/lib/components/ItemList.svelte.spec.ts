import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import ItemListHarness from './test/ItemListHarness.svelte';

describe('ItemList', () => {
	it('renders each item in its own list item, in order, with the list’s class', () => {
		render(ItemListHarness, { names: ['Kramsk', 'Brzeźno'] });
		const list = screen.getByRole('list');
		expect(list.tagName).toBe('UL');
		expect(list.classList.contains('names')).toBe(true);
		const items = screen.getAllByRole('listitem').map((item) => item.textContent);
		expect(items).toEqual(['1. Kramsk', '2. Brzeźno']);
	});

	it('is a numbered list when the order means something', () => {
		render(ItemListHarness, { names: ['Kramsk'], ordered: true });
		expect(screen.getByRole('list').tagName).toBe('OL');
	});

	it('says the empty sentence instead of an empty list', () => {
		render(ItemListHarness, { names: [], empty: 'Brak wpisów.' });
		expect(screen.queryByRole('list')).toBeNull();
		expect(screen.getByText('Brak wpisów.').tagName).toBe('P');
	});

	it('shows nothing for an empty list without a sentence', () => {
		const { container } = render(ItemListHarness, { names: [] });
		expect(container.textContent?.trim()).toBe('');
	});
});
