import { getContext, setContext } from 'svelte';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { AddressHit } from '$lib/types';
import type { LayerGroup } from './layers';

export type MapLibreModule = typeof import('maplibre-gl');

export type MapStatus = 'loading' | 'ready' | 'error';

/**
 * All map state of one page lives here, so layer components, the legend and the search box
 * share one map instance without prop drilling.
 */
export class MapContext {
	/** Raw: MapLibre objects must not be wrapped in deep proxies. */
	map = $state.raw<MapLibreMap | null>(null);
	maplibre = $state.raw<MapLibreModule | null>(null);
	/**
	 * Bumped on every 'style.load'. A new style drops all sources and layers, so overlay
	 * components depend on this to add theirs again.
	 */
	styleVersion = $state(0);
	status = $state<MapStatus>('loading');
	/** True once the configured basemap failed and the offline style replaced it. */
	offlineBasemap = $state(false);
	visibility = $state<Record<LayerGroup, boolean>>({
		villages: true,
		resources: true,
		needs: true
	});
	address = $state.raw<AddressHit | null>(null);

	/** Maps being torn down: their overlays must not touch them any more. */
	#removed = new WeakSet<MapLibreMap>();

	markRemoved(map: MapLibreMap): void {
		this.#removed.add(map);
	}

	isAlive(map: MapLibreMap): boolean {
		return !this.#removed.has(map);
	}

	/**
	 * Runs `setup` once the map has a loaded style and again after every style swap; the
	 * returned teardown runs before the next run. Call it inside `$effect` and return its result.
	 */
	withStyle(setup: (map: MapLibreMap) => void | (() => void)): (() => void) | undefined {
		const map = this.map;
		if (!map || this.styleVersion === 0) return undefined;
		const teardown = setup(map);
		if (!teardown) return undefined;
		return () => {
			if (this.isAlive(map)) teardown();
		};
	}
}

const KEY = Symbol('map-context');

export function setMapContext(context: MapContext): MapContext {
	return setContext(KEY, context);
}

export function getMapContext(): MapContext {
	const context = getContext<MapContext | undefined>(KEY);
	if (!context)
		throw new Error('getMapContext() used outside a component that called setMapContext()');
	return context;
}
