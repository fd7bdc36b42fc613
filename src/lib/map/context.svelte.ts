import { getContext, setContext } from 'svelte';
import type { MapGeoJSONFeature, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { AddressHit } from '$lib/types';
import type { LayerGroup } from './layers';

export type MapLibreModule = typeof import('maplibre-gl');

export type MapStatus = 'loading' | 'ready' | 'error';

export type FeatureClickHandler = (feature: MapGeoJSONFeature) => void;

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

	/** Click handlers of point layers by layer id; one map listener picks the top-most feature. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- plumbing, never rendered
	#clicks = new Map<string, FeatureClickHandler>();
	#clickMap: MapLibreMap | null = null;

	#onClick = (event: MapMouseEvent) => {
		const map = event.target;
		const layers = [...this.#clicks.keys()].filter((id) => map.getLayer(id));
		if (layers.length === 0) return;
		// Sorted top-most first: overlapping points open one popup, for the point drawn on top.
		const [top] = map.queryRenderedFeatures(event.point, { layers });
		if (top) this.#clicks.get(top.layer.id)?.(top);
	};

	/**
	 * Handles clicks on `layerId` through one shared map listener, so a click where features of
	 * several layers overlap reaches only the top-most. Returns the teardown for `$effect`.
	 */
	onFeatureClick(map: MapLibreMap, layerId: string, handler: FeatureClickHandler): () => void {
		if (this.#clickMap !== map) {
			this.#clickMap?.off('click', this.#onClick);
			this.#clickMap = map;
			map.on('click', this.#onClick);
		}
		this.#clicks.set(layerId, handler);
		return () => {
			if (this.#clicks.get(layerId) === handler) this.#clicks.delete(layerId);
			if (this.#clicks.size === 0 && this.#clickMap) {
				this.#clickMap.off('click', this.#onClick);
				this.#clickMap = null;
			}
		};
	}

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
