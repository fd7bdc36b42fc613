import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import SelectHarness from './test/SelectHarness.svelte';

const groups = [
	{ label: 'Wsie', choices: [{ value: 'l:kowalewo', label: 'Kowalewo' }] },
	{
		label: 'Sołectwa',
		choices: [
			{ value: 's:kowalewo', label: 'Sołectwo Kowalewo' },
			{ value: 's:brzoza', label: 'Sołectwo Brzoza' }
		]
	}
];

describe('OptionGroups', () => {
	it('puts each group’s choices under its heading, in order', () => {
		render(SelectHarness, { groups });
		const select = screen.getByLabelText<HTMLSelectElement>('Obszar');
		const optgroups = [...select.querySelectorAll('optgroup')];
		expect(optgroups.map((g) => g.label)).toEqual(['Wsie', 'Sołectwa']);
		expect([...optgroups[1].querySelectorAll('option')].map((o) => [o.value, o.text])).toEqual([
			['s:kowalewo', 'Sołectwo Kowalewo'],
			['s:brzoza', 'Sołectwo Brzoza']
		]);
		expect(select.value).toBe('');
	});

	it('selects the choice made before (a posted form brought back)', () => {
		render(SelectHarness, { groups, selected: 's:brzoza' });
		expect(screen.getByLabelText<HTMLSelectElement>('Obszar').value).toBe('s:brzoza');
	});
});
