import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FitBoundsOptions, LngLatBoundsLike } from 'maplibre-gl';
import { fitArea, paddingFor } from './motion.ts';

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

describe('paddingFor', () => {
	it('keeps a phone map for the area and frames a projector generously', () => {
		expect(paddingFor(390, 504)).toEqual({ top: 20, right: 20, bottom: 20, left: 20 });
		expect(paddingFor(120, 90)).toEqual({ top: 8, right: 8, bottom: 8, left: 8 });
		expect(paddingFor(1900, 1000)).toEqual({ top: 40, right: 40, bottom: 40, left: 40 });
	});

	it('keeps the strip under the page buttons and the part off screen clear', () => {
		expect(paddingFor(390, 504, 54)).toEqual({ top: 74, right: 20, bottom: 20, left: 20 });
		const hidden = { top: 0, bottom: 146 };
		expect(paddingFor(390, 504, 54, hidden)).toEqual({ top: 74, right: 20, bottom: 166, left: 20 });
	});

	it('frames the whole map when most of it is scrolled away', () => {
		const hidden = { top: 0, bottom: 300 };
		expect(paddingFor(390, 504, 0, hidden)).toEqual({ top: 20, right: 20, bottom: 20, left: 20 });
	});
});
