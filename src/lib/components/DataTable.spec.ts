import { describe, expect, it } from 'vitest';
import { createRawSnippet } from 'svelte';
import { render } from 'svelte/server';
import DataTable from './DataTable.svelte';

interface Item {
	id: number;
	name: string;
	count: number;
}

const row = createRawSnippet<[Item, number]>((item) => ({
	render: () => `<th scope="row">${item().name}</th><td class="num">${item().count}</td>`
}));

const items: Item[] = [
	{ id: 1, name: 'Borowa', count: 3 },
	{ id: 2, name: 'Lipnik', count: 12 }
];

function html(props: Partial<Parameters<typeof DataTable<Item>>[1]> = {}): string {
	return render(DataTable<Item>, {
		props: {
			caption: 'Wsie',
			columns: ['Wieś', { label: 'Liczba', num: true }],
			rows: items,
			key: (item: Item) => item.id,
			row,
			...props
		}
	}).body;
}

describe('DataTable', () => {
	it('names the table with a caption and gives every column header scope="col"', () => {
		const body = html();
		expect(body).toMatch(/<caption[^>]*>Wsie<\/caption>/);
		expect(body).toMatch(/<th scope="col"[^>]*>Wieś<\/th>/);
		expect(body).toMatch(/<th scope="col" class="num"[^>]*>Liczba<\/th>/);
	});

	it('renders one row per item through the row snippet, in order', () => {
		const body = html();
		expect(body.match(/<tr/g)).toHaveLength(3);
		expect(body.indexOf('Borowa')).toBeLessThan(body.indexOf('Lipnik'));
		expect(body).toContain('<th scope="row">Lipnik</th><td class="num">12</td>');
	});

	it('shows the empty text instead of a table when there are no rows', () => {
		const body = html({ rows: [], empty: 'Brak wsi.' });
		expect(body).toContain('<p>Brak wsi.</p>');
		expect(body).not.toContain('<table');
	});

	it('keeps an empty table when no empty text is given', () => {
		expect(html({ rows: [] })).toContain('<table');
	});

	it('hides the caption visually on request and adds row attributes', () => {
		const body = html({
			captionHidden: true,
			rowAttributes: (item: Item) => ({ 'aria-current': item.id === 2 ? 'true' : undefined })
		});
		expect(body).toMatch(/<caption class="visually-hidden[^"]*"/);
		expect(body.match(/aria-current="true"/g)).toHaveLength(1);
	});

	it('makes the scroll box a named, focusable region only on request', () => {
		expect(html()).not.toContain('role="region"');
		const body = html({ region: true });
		expect(body).toMatch(/role="region" aria-label="Wsie" tabindex="0"/);
	});

	it('is named by a heading instead of a caption', () => {
		const body = html({ caption: undefined, labelledby: 'villages-h' });
		expect(body).not.toContain('<caption');
		expect(body).toContain('aria-labelledby="villages-h"');
	});

	it('draws the cells from the columns when no row snippet is given', () => {
		const link = createRawSnippet<[Item]>((item) => ({
			render: () => `<a href="/wies/${item().id}">${item().name}</a>`
		}));
		const body = html({
			row: undefined,
			key: undefined,
			columns: [
				{ label: 'Wieś', rowHeader: true, cell: link },
				{ label: 'Liczba', num: true, text: (item: Item) => item.count },
				{ label: 'Uwagi', cellClass: 'note', text: () => null },
				'Puste',
				{ label: '', text: (item: Item) => item.name.toUpperCase() }
			]
		}).replace(/<!--.*?-->/g, '');
		expect(body).toMatch(/<th scope="row"><a href="\/wies\/1">Borowa<\/a><\/th>/);
		expect(body).toMatch(/<th scope="col" class="num"[^>]*>Liczba<\/th>/);
		expect(body).toContain('<td class="num">12</td>');
		expect(body).toContain('<td class="note"></td>');
		expect(body).toContain('<td class="note"></td><td></td><td>LIPNIK</td>');
		// The empty label leaves an empty header cell, not a nameless column header.
		expect(body).toMatch(/<\/th><td><\/td><\/tr><\/thead>/);
	});
});
