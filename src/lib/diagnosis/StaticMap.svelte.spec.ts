import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StaticMap from './StaticMap.svelte';

describe('StaticMap (a diagnosis)', () => {
	it('is one image named by its label, resources as squares and needs as circles, with the key', () => {
		const { container } = render(StaticMap, {
			map: {
				width: 900,
				height: 600,
				outline: 'M 0 0 l 900 0 0 600 -900 0 z',
				resources: [[100, 100, 'swietlica']],
				needs: [
					[200, 200, 'drogi'],
					[300, 300, 'drogi']
				]
			},
			label: 'Mapa: granica obszaru Kramsk, zasoby (kwadraty): 1, potrzeby (kółka): 2.'
		});
		const image = screen.getByRole('img', {
			name: 'Mapa: granica obszaru Kramsk, zasoby (kwadraty): 1, potrzeby (kółka): 2.'
		});
		expect(image.querySelectorAll('rect')).toHaveLength(1);
		expect(image.querySelectorAll('circle')).toHaveLength(2);
		expect(container.querySelector('figcaption')?.textContent).toContain('zasób');
	});
});
