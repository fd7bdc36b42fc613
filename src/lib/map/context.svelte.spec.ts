import { describe, expect, it } from 'vitest';
import { MapContext } from './context.svelte';

describe('MapContext.feature', () => {
	it('addresses a tile source feature within its tile layer, a GeoJSON one directly', () => {
		const context = new MapContext();
		// overlay() sets up effects: it runs inside a root, as inside a layer component.
		const cleanup = $effect.root(() => {
			context.overlay('villages', {
				tiles: () => ['https://example.test/api/tiles/villages/{z}/{x}/{y}.mvt'],
				sourceLayer: 'villages',
				layers: () => []
			});
			context.overlay('village-labels', {
				data: () => ({ type: 'FeatureCollection', features: [] }),
				layers: () => []
			});
		});
		// MapLibre refuses feature-state on a vector source without its source layer.
		expect(context.feature('villages', 7)).toEqual({
			source: 'villages',
			sourceLayer: 'villages',
			id: 7
		});
		expect(context.feature('village-labels', 7)).toEqual({ source: 'village-labels', id: 7 });
		cleanup();
	});
});
