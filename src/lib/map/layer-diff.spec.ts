import { describe, expect, it } from 'vitest';
import { layerUpdates, sameValue, type LayerProps } from './layer-diff.ts';

const points: LayerProps = {
	paint: {
		'circle-color': ['match', ['get', 'category'], 'osp', '#b91c1c', '#52606d'],
		'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 6, 15, 10]
	},
	layout: { visibility: 'visible' },
	filter: ['!', ['has', 'point_count']]
};

/** A copy built afresh, as a layer component's getter builds its expressions on every read. */
function rebuilt(props: LayerProps): LayerProps {
	return structuredClone(props);
}

describe('sameValue', () => {
	it('compares expressions by content, not by identity', () => {
		expect(sameValue(['get', 'name'], ['get', 'name'])).toBe(true);
		expect(sameValue(['get', 'name'], ['get', 'title'])).toBe(false);
		expect(sameValue([1, 2], [1, 2, 3])).toBe(false);
		expect(sameValue({ a: [1] }, { a: [1] })).toBe(true);
		expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
		expect(sameValue([], {})).toBe(false);
		expect(sameValue(null, {})).toBe(false);
		expect(sameValue('#fff', '#fff')).toBe(true);
	});
});

describe('layerUpdates', () => {
	it('yields nothing for the same props rebuilt', () => {
		expect(layerUpdates(points, rebuilt(points))).toEqual([]);
	});

	it('repaints only the property whose expression changed', () => {
		const next = rebuilt(points);
		next.paint = {
			...next.paint,
			'circle-color': ['match', ['get', 'category'], 'osp', '#1d4ed8', '#52606d']
		};
		expect(layerUpdates(points, next)).toEqual([
			{
				kind: 'paint',
				name: 'circle-color',
				value: ['match', ['get', 'category'], 'osp', '#1d4ed8', '#52606d']
			}
		]);
	});

	it('flips visibility through one layout update (a legend toggle)', () => {
		const hidden = { ...rebuilt(points), layout: { visibility: 'none' as const } };
		expect(layerUpdates(points, hidden)).toEqual([
			{ kind: 'layout', name: 'visibility', value: 'none' }
		]);
	});

	it('resets a dropped property to the default and adds a new one', () => {
		const next: LayerProps = {
			...rebuilt(points),
			paint: { 'circle-radius': 8, 'circle-stroke-width': 2 }
		};
		expect(layerUpdates(points, next)).toEqual([
			{ kind: 'paint', name: 'circle-color', value: undefined },
			{ kind: 'paint', name: 'circle-radius', value: 8 },
			{ kind: 'paint', name: 'circle-stroke-width', value: 2 }
		]);
	});

	it('sets a changed filter, and clears it with null when it was dropped', () => {
		const clusters = { ...rebuilt(points), filter: ['has', 'point_count'] } as LayerProps;
		expect(layerUpdates(points, clusters)).toEqual([
			{ kind: 'filter', value: ['has', 'point_count'] }
		]);
		const unfiltered = rebuilt(points);
		delete unfiltered.filter;
		expect(layerUpdates(points, unfiltered)).toEqual([{ kind: 'filter', value: null }]);
	});

	it('adds paint and layout to a layer that had none', () => {
		expect(
			layerUpdates({}, { paint: { 'fill-opacity': 0.5 }, layout: { visibility: 'none' } })
		).toEqual([
			{ kind: 'paint', name: 'fill-opacity', value: 0.5 },
			{ kind: 'layout', name: 'visibility', value: 'none' }
		]);
	});
});
