import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ResolvedPathname } from '$app/types';
import type { VillagesSvg } from '$lib/types';
import VillageMap from './VillageMap.svelte';

const map: VillagesSvg = {
	width: 1000,
	height: 600,
	outline: 'M 0 0 l 1000 0 0 600 -1000 0 z',
	villages: [
		{ id: 1, slug: 'kramsk', name: 'Kramsk', d: 'M 0 0 l 500 0 0 600 -500 0 z', x: 250, y: 300 },
		{ id: 2, slug: 'lozina', name: 'Łężyn', d: 'M 500 0 l 500 0 0 600 -500 0 z', x: 750, y: 300 }
	]
};

const href = (slug: string) => `/?wies=${slug}` as ResolvedPathname;

describe('VillageMap', () => {
	it('is a named, described group of links, one per village area, named by the village', () => {
		render(VillageMap, { map, region: 'Gmina Kramsk', selectedSlug: null, href });
		const group = screen.getByRole('group', { name: 'Mapa wsi: Gmina Kramsk' });
		expect(group.tagName.toLowerCase()).toBe('svg');
		const description = document.getElementById(group.getAttribute('aria-describedby') ?? '');
		expect(description?.textContent).toContain('2 wsi');
		const links = within(group).getAllByRole('link');
		expect(links.map((link) => link.getAttribute('aria-label'))).toEqual([
			'Kramsk: potrzeby i zasoby wsi',
			'Łężyn: potrzeby i zasoby wsi'
		]);
		expect(links.map((link) => link.getAttribute('href'))).toEqual([
			'/?wies=kramsk',
			'/?wies=lozina'
		]);
		// Each link is its area, drawn from the SVG path PostGIS made, with the name at its label point.
		const path = links[1].querySelector('path');
		expect(path?.getAttribute('d')).toBe(map.villages[1].d);
		expect(links[1].querySelector('text')?.getAttribute('x')).toBe('750');
		expect(links.some((link) => link.hasAttribute('aria-current'))).toBe(false);
	});

	it('marks the chosen village as the current one', () => {
		render(VillageMap, { map, region: 'Gmina Kramsk', selectedSlug: 'lozina', href });
		const current = screen.getByRole('link', { current: 'page' });
		expect(current.getAttribute('data-slug')).toBe('lozina');
		expect(current.classList.contains('selected')).toBe(true);
	});

	it('with JavaScript a plain click chooses the village in place; a click with a modifier is the browser’s', async () => {
		const onselect = vi.fn();
		render(VillageMap, { map, region: 'Gmina Kramsk', selectedSlug: null, href, onselect });
		const link = screen.getByRole('link', { name: /^Kramsk/ });
		expect(await fireEvent.click(link)).toBe(false);
		expect(onselect).toHaveBeenCalledWith('kramsk');
		onselect.mockClear();
		// fireEvent returns false when the default (following the link) was prevented.
		expect(await fireEvent.click(link, { ctrlKey: true })).toBe(true);
		expect(onselect).not.toHaveBeenCalled();
	});
});
