import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FitBoundsOptions, LngLatBoundsLike } from 'maplibre-gl';
import { fitArea } from './motion.ts';

const BBOX: LngLatBoundsLike = [18.3, 52.2, 18.5, 52.3];

/** A map that records how it was asked to fit, on a page whose user wants `reduce` motion or not. */
function setUp(reduce: boolean) {
	vi.stubGlobal('window', {
		matchMedia: (query: string) => ({ matches: reduce && query.includes('reduce') })
	});
	const calls: [LngLatBoundsLike, FitBoundsOptions][] = [];
	const map = {
		fitBounds: (bounds: LngLatBoundsLike, options: FitBoundsOptions) =>
			calls.push([bounds, options])
	};
	return { map, calls };
}

afterEach(() => vi.unstubAllGlobals());

describe('fitArea', () => {
	it('flies to the area with the padding and zoom limit asked for', () => {
		const { map, calls } = setUp(false);
		fitArea(map, BBOX, { padding: 48, maxZoom: 14 });
		expect(calls).toEqual([[BBOX, { padding: 48, maxZoom: 14, animate: true }]]);
	});

	it('jumps instead of flying for people who asked for less motion', () => {
		const { map, calls } = setUp(true);
		fitArea(map, BBOX, { padding: 24 });
		expect(calls).toEqual([[BBOX, { padding: 24, animate: false }]]);
	});
});
