import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import CardList from './CardList.svelte';

interface Need {
	id: string;
	title: string;
}

const item = createRawSnippet<[Need]>((need) => ({
	render: () => `<p id="need-${need().id}">${need().title}</p>`
}));

describe('CardList', () => {
	it('draws one named list of cards through the item snippet, in order', () => {
		render(CardList<Need>, {
			items: [
				{ id: 'a', title: 'Ławka przy szkole' },
				{ id: 'b', title: 'Oświetlenie drogi' }
			],
			label: 'Do przejrzenia',
			empty: 'Kolejka jest pusta.',
			item
		});
		const list = screen.getByRole('list', { name: 'Do przejrzenia' });
		expect(list.className).toBe('card-list');
		const cards = screen.getAllByRole('listitem');
		expect(cards.map((li) => li.textContent)).toEqual(['Ławka przy szkole', 'Oświetlenie drogi']);
		expect(screen.queryByText('Kolejka jest pusta.')).toBeNull();
	});

	it('says its empty text instead of an empty list', () => {
		render(CardList<Need>, {
			items: [],
			label: 'Do przejrzenia',
			empty: 'Kolejka jest pusta.',
			item
		});
		expect(screen.getByText('Kolejka jest pusta.').tagName).toBe('P');
		expect(screen.queryByRole('list')).toBeNull();
	});
});
