import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AddressHit } from '$lib/types';
import AddressSearch from './AddressSearch.svelte';

// The search box in jsdom. The network is stubbed (the endpoint and its SQL are tested in
// tests/http and tests/db); `matchMedia` stands for the device: a phone reports no fine pointer.

const KEYS_HINT = /strzałkami/;

function device(finePointer: boolean) {
	vi.stubGlobal('matchMedia', (query: string) => ({
		matches: finePointer && query.includes('pointer: fine'),
		media: query,
		addEventListener: () => {},
		removeEventListener: () => {}
	}));
}

const village: AddressHit = {
	kind: 'locality',
	label: 'Wysokie',
	locality: 'Wysokie',
	slug: 'wysokie',
	street: null,
	housenumber: null,
	lon: 18.38,
	lat: 52.29,
	bbox: [18.36, 52.27, 18.4, 52.31]
};
const house = (n: number): AddressHit => ({
	kind: 'address',
	label: `Wysokie ${n}`,
	locality: 'Wysokie',
	slug: 'wysokie',
	street: null,
	housenumber: String(n),
	lon: 18.38,
	lat: 52.29,
	bbox: null
});

describe('AddressSearch', () => {
	beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('on a phone, no arrow-keys hint until a hardware key (Tab) is pressed', async () => {
		device(false);
		render(AddressSearch, { props: { onchoose: () => {} } });
		const input = screen.getByRole('combobox');
		expect(screen.queryByText(KEYS_HINT)).toBeNull();
		expect(input.getAttribute('aria-describedby')).toBe('address-search-hint');
		// Letters come from on-screen keyboards too: they do not count.
		await fireEvent.keyDown(input, { key: 'a' });
		expect(screen.queryByText(KEYS_HINT)).toBeNull();
		await fireEvent.keyDown(window, { key: 'Tab' });
		expect(screen.getByText(KEYS_HINT).id).toBe('address-search-keys');
		expect(input.getAttribute('aria-describedby')).toBe('address-search-hint address-search-keys');
	});

	it('with a mouse or trackpad (a desktop), the arrow-keys hint is there from the start', () => {
		device(true);
		render(AddressSearch, { props: { onchoose: () => {} } });
		expect(screen.getByText(KEYS_HINT)).toBeTruthy();
	});

	it('lists the village first, ten results, and says there are more; choosing the village passes it on', async () => {
		device(false);
		const fetch = vi.fn<(url: string) => Promise<Response>>(async () =>
			Response.json([village, ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(house)])
		);
		vi.stubGlobal('fetch', fetch);
		const onchoose = vi.fn();
		render(AddressSearch, { props: { onchoose } });
		const input = screen.getByRole('combobox');
		await fireEvent.input(input, { target: { value: 'Wysokie' } });
		await vi.advanceTimersByTimeAsync(300);
		await vi.waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(10));
		expect(String(fetch.mock.calls[0][0])).toContain('limit=11');
		const options = screen.getAllByRole('option');
		expect(options[0].textContent).toContain('Wysokie');
		expect(options[0].textContent).toContain('miejscowość');
		expect(options[1].textContent).not.toContain('miejscowość');
		expect(screen.getByText(/Jest więcej wyników/, { selector: 'p.more' })).toBeTruthy();
		expect(screen.getByRole('status').textContent).toMatch(/Znalezione adresy: 10\. Jest więcej/);
		await fireEvent.click(options[0]);
		expect(onchoose).toHaveBeenCalledWith(village);
	});

	it('says nothing about more when everything fits', async () => {
		device(false);
		vi.stubGlobal('fetch', async () => Response.json([village, house(1)]));
		render(AddressSearch, { props: { onchoose: () => {} } });
		await fireEvent.input(screen.getByRole('combobox'), { target: { value: 'Wysokie 1' } });
		await vi.advanceTimersByTimeAsync(300);
		await vi.waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(2));
		expect(screen.queryByText(/Jest więcej wyników/)).toBeNull();
		expect(screen.getByRole('status').textContent).toBe('Znalezione adresy: 2.');
	});
});
