import { describe, expect, it } from 'vitest';
import { fitAspect, radiusCircle, rulerMetres, toolFeatures } from './tools';

describe('planning map previews', () => {
	it('measures straight-line distance: 0.01° of latitude is about 1112 m', () => {
		expect(rulerMetres([18.4, 52.26], [18.4, 52.27])).toBe(1112);
	});

	it('draws a circle whose vertices lie at the radius', () => {
		const center: [number, number] = [18.43, 52.265];
		const ring = radiusCircle(center, 2000).geometry.coordinates[0];
		expect(ring).toHaveLength(65);
		for (const vertex of ring.slice(0, 8))
			expect(Math.abs(rulerMetres(center, vertex as [number, number]) - 2000)).toBeLessThanOrEqual(
				1
			);
	});

	it('adds the ruler line only once both ends are set', () => {
		expect(toolFeatures(null, 100, [[18, 52]]).features.map((f) => f.properties?.tool)).toEqual([
			'ruler-end'
		]);
		expect(
			toolFeatures([18, 52], 100, [
				[18, 52],
				[18.1, 52]
			]).features.map((f) => f.properties?.tool)
		).toEqual(['circle', 'ruler', 'ruler-end', 'ruler-end']);
	});
});

describe('fitAspect', () => {
	it('widens a tall box to the ratio in ground distance, keeping its centre', () => {
		const [w, s, e, n] = fitAspect([18.0, 52.0, 18.01, 52.05], 2);
		const cos = Math.cos((52.025 * Math.PI) / 180);
		expect(((e - w) * cos) / (n - s)).toBeCloseTo(2, 6);
		expect((w + e) / 2).toBeCloseTo(18.005, 9);
		expect([s, n]).toEqual([52.0, 52.05]);
	});

	it('heightens a flat box', () => {
		const [, s, , n] = fitAspect([18.0, 52.0, 18.5, 52.01], 2);
		expect(n - s).toBeGreaterThan(0.01);
	});
});
