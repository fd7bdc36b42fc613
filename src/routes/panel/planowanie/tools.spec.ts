import { describe, expect, it } from 'vitest';
import { radiusCircle, rulerMetres, toolFeatures } from './tools';

describe('planning map previews (issue #4, item 4)', () => {
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
