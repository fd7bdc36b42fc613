import { getContext, setContext, untrack } from 'svelte';
import type {
	FeatureIdentifier,
	GeoJSONSource,
	GeoJSONSourceSpecification,
	LngLatBoundsLike,
	MapGeoJSONFeature,
	Map as MapLibreMap,
	MapMouseEvent,
	PaddingOptions,
	Popup,
	VectorSourceSpecification,
	VectorTileSource
} from 'maplibre-gl';
import type { AddressHit } from '$lib/types';
import { applyLayerUpdates, layerUpdates } from './layer-diff';
import {
	addOverlayLayer,
	removeOverlay,
	type LayerGroup,
	type OverlayLayer,
	type OverlayLayerId
} from './layers';
import { fitArea, fitPadding, prefersReducedMotion } from './motion';
import { openTextPopup } from './popup';

export type MapLibreModule = typeof import('maplibre-gl');

export type MapStatus = 'loading' | 'ready' | 'error';

export type FeatureClickHandler = (feature: MapGeoJSONFeature) => void;

/** The layers of an overlay; OVERLAY_ORDER places them. */
interface OverlayLayers {
	/**
	 * The layers; OVERLAY_ORDER places them. Their ids stay for the life of the component; a
	 * change of paint, layout or filter becomes the matching setter call, never a new layer.
	 */
	layers: () => readonly OverlayLayer[];
}

/** One GeoJSON source and the layers drawn from it, as a layer component declares them. */
export interface GeoJsonOverlay extends OverlayLayers {
	/** A URL (fetched by the map's web worker) or GeoJSON; a new value goes in with `setData`. */
	data: () => GeoJSONSourceSpecification['data'];
	/** Other source options (clustering, attribution), read once per style load. */
	options?: Omit<GeoJSONSourceSpecification, 'type' | 'data'>;
}

/**
 * One vector tile source (the app's /api/tiles/…) and the layers drawn from one of its layers:
 * the map fetches only the tiles the screen shows.
 */
export interface TileOverlay extends OverlayLayers {
	/** Tile URL templates with {z}/{x}/{y}; a new value (other filters) goes in with `setTiles`. */
	tiles: () => string[];
	/** The layer of the tiles the overlay's layers draw (`source-layer`). */
	sourceLayer: string;
	/** Other source options (zoom range, attribution), read once per style load. */
	options?: Omit<VectorSourceSpecification, 'type' | 'tiles' | 'url'>;
}

export type Overlay = GeoJsonOverlay | TileOverlay;

type OverlayData = GeoJSONSourceSpecification['data'] | string[];

const isTileOverlay = (overlay: Overlay): overlay is TileOverlay => 'tiles' in overlay;

/** What an overlay draws now: its GeoJSON (or URL), or its tile URLs. */
const overlayData = (overlay: Overlay): OverlayData =>
	isTileOverlay(overlay) ? overlay.tiles() : overlay.data();

/** Tile URL lists are new arrays on every read: equal when their URLs are. */
const sameData = (a: OverlayData, b: OverlayData): boolean =>
	a === b || (Array.isArray(a) && Array.isArray(b) && a.join('\n') === b.join('\n'));

/** Feature-state of one feature, such as `{ selected: true }`. */
export interface FeatureStateEntry {
	id: number | string;
	state: Record<string, unknown>;
}

/** The feature-state entries that mark feature `id` selected; none when nothing is. */
export function selection(id: number | string | null): FeatureStateEntry[] {
	return id === null ? [] : [{ id, state: { selected: true } }];
}

/** Contents of a text popup opened by a click on a feature. */
export interface TextPopup {
	at: [number, number];
	title: string;
	lines: readonly string[];
	/** Controls below the text, such as "Popieram" for a need. */
	extra?: HTMLElement;
}

/**
 * All map state of one page lives here, so layer components, the legend and the search box
 * share one map instance without prop drilling. Layer components draw through `overlay`,
 * `featureState` and `popup`, which they call while they initialise: each sets up `$effect`s
 * that add their sources and layers once per style load and undo everything on destroy.
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
	/**
	 * Pixels along the map's top edge covered by the page's own buttons drawn over it ("Pokaż
	 * całą gminę", a village's "Szczegóły"): fitted areas and popups keep clear of them.
	 */
	coveredTop = $state(0);

	/** Padding for fitting an area into this map now: its size and the covered strip decide. */
	fitPadding(map: MapLibreMap): PaddingOptions {
		return fitPadding(map.getContainer(), this.coveredTop);
	}

	/** Brings `bbox` (a village, the whole gmina) into view with padding suited to the screen. */
	fit(bbox: LngLatBoundsLike, maxZoom?: number): void {
		const map = this.map;
		if (map) fitArea(map, bbox, { padding: this.fitPadding(map), maxZoom });
	}

	/** Click handlers of clickable layers by layer id; one map listener picks the top-most feature. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- plumbing, never rendered
	#clicks = new Map<string, FeatureClickHandler>();
	#clickMap: MapLibreMap | null = null;

	#onClick = (event: MapMouseEvent) => {
		const map = event.target;
		const layers = [...this.#clicks.keys()].filter((id) => map.getLayer(id));
		if (layers.length === 0) return;
		// Sorted top-most first: a need over a resource over a village opens the need's popup only.
		// Names are drawn above the points but are the bigger target: a point under a name wins.
		const features = map.queryRenderedFeatures(event.point, { layers });
		const top = features.find((feature) => feature.layer.type !== 'symbol') ?? features[0];
		const [name] = features.filter((feature) => feature.layer.type === 'symbol');
		const chosen = top?.layer.type === 'fill' && name ? name : top;
		if (chosen) this.#clicks.get(chosen.layer.id)?.(chosen);
	};

	/**
	 * Handles clicks on `layerId` through one shared map listener, so a click where features of
	 * several layers overlap reaches only the top-most; the pointer shows over the layer's
	 * features. Returns the teardown for `$effect`.
	 */
	onFeatureClick(
		map: MapLibreMap,
		layerId: OverlayLayerId,
		handler: FeatureClickHandler
	): () => void {
		if (this.#clickMap !== map) {
			this.#clickMap?.off('click', this.#onClick);
			this.#clickMap = map;
			map.on('click', this.#onClick);
		}
		this.#clicks.set(layerId, handler);
		const pointer = () => (map.getCanvas().style.cursor = 'pointer');
		const reset = () => (map.getCanvas().style.cursor = '');
		map.on('mouseenter', layerId, pointer);
		map.on('mouseleave', layerId, reset);
		return () => {
			map.off('mouseenter', layerId, pointer);
			map.off('mouseleave', layerId, reset);
			if (this.#clicks.get(layerId) === handler) this.#clicks.delete(layerId);
			if (this.#clicks.size === 0 && this.#clickMap) {
				this.#clickMap.off('click', this.#onClick);
				this.#clickMap = null;
			}
		};
	}

	/** The tile layer (`source-layer`) each vector tile overlay draws, by source id. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- plumbing, never rendered
	#sourceLayers = new Map<string, string>();

	/**
	 * The address of feature `id` of source `sourceId` for feature-state calls: a vector tile
	 * source's features are addressed within their tile layer, a GeoJSON source's directly.
	 */
	feature(sourceId: string, id: number | string): FeatureIdentifier {
		const sourceLayer = this.#sourceLayers.get(sourceId);
		return sourceLayer ? { source: sourceId, sourceLayer, id } : { source: sourceId, id };
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

	/**
	 * Draws a GeoJSON or vector tile source and its layers on this page's map. The source and
	 * layers are added once per style load (a style swap drops them; they come back on the new
	 * style); new data goes in with `setData` (GeoJSON) or `setTiles` (tiles); a changed paint,
	 * layout or filter becomes only the setter calls `layerUpdates` finds. Everything is removed
	 * when the calling component is destroyed.
	 */
	overlay(sourceId: string, overlay: Overlay): void {
		/** What is on the map now: changes are diffed against it. Replaced on every style load. */
		let drawn: {
			map: MapLibreMap;
			data: OverlayData;
			layers: Partial<Record<OverlayLayerId, OverlayLayer>>;
		} | null = null;
		const sourceLayer = isTileOverlay(overlay) ? overlay.sourceLayer : undefined;
		// A source id keeps one kind for the life of the component: feature-state addresses follow it.
		if (sourceLayer) this.#sourceLayers.set(sourceId, sourceLayer);
		else this.#sourceLayers.delete(sourceId);

		$effect(() =>
			this.withStyle((map) => {
				// Untracked: data and paint changes are applied below, without a new source.
				const data = untrack(() => overlayData(overlay));
				const layers = untrack(overlay.layers);
				if (isTileOverlay(overlay)) {
					map.addSource(sourceId, {
						...overlay.options,
						type: 'vector',
						tiles: [...overlay.tiles()]
					});
				} else {
					map.addSource(sourceId, { ...overlay.options, type: 'geojson', data: overlay.data() });
				}
				for (const layer of layers) addOverlayLayer(map, layer, sourceId, sourceLayer);
				const current = {
					map,
					data,
					layers: Object.fromEntries(layers.map((layer) => [layer.id, layer]))
				};
				drawn = current;
				return () => {
					if (drawn === current) drawn = null;
					removeOverlay(
						map,
						sourceId,
						layers.map((layer) => layer.id)
					);
				};
			})
		);

		$effect(() => {
			const data = overlayData(overlay);
			if (!drawn || sameData(drawn.data, data) || !this.isAlive(drawn.map)) return;
			drawn.data = data;
			if (Array.isArray(data)) {
				drawn.map.getSource<VectorTileSource>(sourceId)?.setTiles(data);
				return;
			}
			drawn.map
				.getSource<GeoJSONSource>(sourceId)
				?.setData(data)
				.catch((error: unknown) => console.error(error));
		});

		$effect(() => {
			const layers = overlay.layers();
			if (!drawn || !this.isAlive(drawn.map)) return;
			for (const layer of layers) {
				const before = drawn.layers[layer.id];
				// Not there while a new style loads: 'style.load' adds it anew from the latest props.
				if (!before || !drawn.map.getLayer(layer.id)) continue;
				applyLayerUpdates(drawn.map, layer.id, layerUpdates(before, layer));
				drawn.layers[layer.id] = layer;
			}
		});
	}

	/**
	 * Keeps feature-state (a highlight, a class) on features of `sourceId`, a source this
	 * component drew with `overlay` just before: set again after every style load, and the keys
	 * removed from the old features when the entries change. On a tile source the state is kept
	 * by feature id, so it also reaches features of tiles that load later (a pan, a zoom).
	 */
	featureState(sourceId: string, entries: () => readonly FeatureStateEntry[]): void {
		$effect(() => {
			const list = entries();
			return this.withStyle((map) => {
				// Not there while a new style loads: 'style.load' runs this again.
				if (!map.getSource(sourceId)) return;
				for (const { id, state } of list) map.setFeatureState(this.feature(sourceId, id), state);
				return () => {
					if (!map.getSource(sourceId)) return;
					for (const { id, state } of list)
						for (const key of Object.keys(state))
							map.removeFeatureState(this.feature(sourceId, id), key);
				};
			});
		});
	}

	/**
	 * Opens a text popup for a clicked feature of `layerId` (built from text nodes: titles are
	 * typed in by residents). A new click replaces it; `content` returning null opens none.
	 */
	popup(layerId: OverlayLayerId, content: (feature: MapGeoJSONFeature) => TextPopup | null): void {
		$effect(() => {
			const map = this.map;
			const maplibre = this.maplibre;
			if (!map || !maplibre) return;
			let popup: Popup | undefined;
			const off = this.onFeatureClick(map, layerId, (feature) => {
				const shown = content(feature);
				if (!shown) return;
				popup?.remove();
				popup = openTextPopup(maplibre, map, shown.at, shown.title, shown.lines, shown.extra);
				keepInFreeArea(map, popup, this.coveredTop);
			});
			return () => {
				popup?.remove();
				off();
			};
		});
	}
}

/** Space kept between a popup and the edges of the free part of the map, in px. */
const POPUP_MARGIN = 8;

/**
 * Pans the map so an open popup lies inside the free part of the map: below the `coveredTop`
 * strip of page buttons and within the other edges. MapLibre only flips a popup's anchor to keep
 * it in the container; it knows nothing of buttons laid over the map, and on a phone a popup
 * taller than the room above or below its point would otherwise hide them or its own links.
 */
/**
 * How far to move a span [start, end] so it lies within [min, max]; the start edge wins, so a
 * popup taller or wider than the room keeps its title and its left side in view.
 */
function overflow(start: number, end: number, min: number, max: number): number {
	if (start < min) return start - min;
	if (end > max) return Math.min(end - max, start - min);
	return 0;
}

function keepInFreeArea(map: MapLibreMap, popup: Popup, coveredTop: number): void {
	const box = popup.getElement().getBoundingClientRect();
	const area = map.getContainer().getBoundingClientRect();
	const top = area.top + coveredTop + POPUP_MARGIN;
	const bottom = area.bottom - POPUP_MARGIN;
	const left = area.left + POPUP_MARGIN;
	const right = area.right - POPUP_MARGIN;
	const dy = overflow(box.top, box.bottom, top, bottom);
	const dx = overflow(box.left, box.right, left, right);
	if (dx !== 0 || dy !== 0) map.panBy([dx, dy], { animate: !prefersReducedMotion() });
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
