import type {
	AddLayerObject,
	ExpressionSpecification,
	Map as MapLibreMap,
	StyleSpecification
} from 'maplibre-gl';
import type { Category } from '$lib/types';

export const SOURCE = {
	region: 'region',
	villages: 'villages',
	villageLabels: 'village-labels',
	resources: 'resources',
	needs: 'needs'
} as const;

/**
 * Bottom-to-top order of our overlay layers. Each overlay component adds its layers on its own
 * schedule (and again after every style swap), so the stacking is decided here, not by timing.
 */
export const OVERLAY_ORDER = [
	'region-outline',
	'villages-fill',
	'villages-outline',
	'resources-circles',
	'needs-clusters',
	'needs-points',
	'villages-labels',
	// Above the names: symbols higher up are placed first, so names move aside for the counts.
	'needs-cluster-count'
] as const;

export type OverlayLayerId = (typeof OVERLAY_ORDER)[number];

/** Areas and outlines go under the basemap's own labels so street and place names stay legible. */
const BELOW_BASEMAP_LABELS: ReadonlySet<OverlayLayerId> = new Set([
	'region-outline',
	'villages-fill',
	'villages-outline'
]);

/** Overlay groups the legend can switch on and off. */
export const LAYER_GROUP_NAMES = ['villages', 'resources', 'needs'] as const;
export type LayerGroup = (typeof LAYER_GROUP_NAMES)[number];

export const LAYER_GROUPS: Record<LayerGroup, readonly OverlayLayerId[]> = {
	villages: ['villages-fill', 'villages-outline', 'villages-labels'],
	resources: ['resources-circles'],
	needs: ['needs-clusters', 'needs-cluster-count', 'needs-points']
};

export const FONT_REGULAR = ['Noto Sans Regular'];
export const FONT_BOLD = ['Noto Sans Bold'];

export const COLORS = {
	background: '#dfe3e6',
	land: '#f7f5ef',
	regionOutline: '#3d4852',
	villageFill: '#4f7cac',
	villageSelected: '#c2410c',
	villageOutline: '#345a80',
	label: '#1f2933',
	labelSelected: '#9a3412',
	labelHalo: '#ffffff',
	cluster: '#7c2d12',
	fallbackCategory: '#52606d'
} as const;

function isOverlayId(id: string): id is OverlayLayerId {
	return (OVERLAY_ORDER as readonly string[]).includes(id);
}

function firstBasemapSymbolLayer(map: MapLibreMap): string | undefined {
	return map.getStyle().layers.find((layer) => layer.type === 'symbol' && !isOverlayId(layer.id))
		?.id;
}

/** Adds one of our layers at its place in OVERLAY_ORDER, whatever else is already on the map. */
export function addOverlayLayer(map: MapLibreMap, layer: AddLayerObject & { id: OverlayLayerId }) {
	const later = OVERLAY_ORDER.slice(OVERLAY_ORDER.indexOf(layer.id) + 1).filter((id) =>
		map.getLayer(id)
	);
	let beforeId: string | undefined;
	if (BELOW_BASEMAP_LABELS.has(layer.id)) {
		beforeId =
			later.find((id) => BELOW_BASEMAP_LABELS.has(id)) ?? firstBasemapSymbolLayer(map) ?? later[0];
	} else {
		beforeId = later[0];
	}
	map.addLayer(layer, beforeId);
}

/** Removes layers (then their source) that a component added; tolerant of a style swap. */
export function removeOverlay(map: MapLibreMap, layerIds: readonly string[], sourceId?: string) {
	for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
	if (sourceId && map.getSource(sourceId)) map.removeSource(sourceId);
}

export function visibilityValue(visible: boolean): 'visible' | 'none' {
	return visible ? 'visible' : 'none';
}

/** Data-driven colour by category slug, so adding a category never means adding layers. */
export function categoryColor(categories: readonly Category[]): ExpressionSpecification | string {
	const [first, ...rest] = categories;
	if (!first) return COLORS.fallbackCategory;
	return [
		'match',
		['get', 'category'],
		first.slug,
		first.color,
		...rest.flatMap((category) => [category.slug, category.color]),
		COLORS.fallbackCategory
	];
}

/** Absolute: MapLibre resolves glyph URLs outside the document, and braces must stay unencoded. */
export function glyphsUrl(origin: string): string {
	return `${origin}/glyphs/{fontstack}/{range}.pbf`;
}

/** Absolute API URL: GeoJSON sources are fetched by the map's web worker. */
export function apiUrl(origin: string, path: string, params: Record<string, string> = {}): string {
	const url = new URL(path, origin);
	for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
	return url.href;
}

/**
 * The fallback basemap, built only from the app's own data so it works without any external
 * server: a neutral background and the commune's land. Village areas and the boundary line are
 * overlays and come on top of whichever style is loaded.
 */
export function offlineStyle(origin: string, sourceAttribution: string): StyleSpecification {
	return {
		version: 8,
		name: 'offline',
		glyphs: glyphsUrl(origin),
		sources: {
			'offline-region': {
				type: 'geojson',
				data: apiUrl(origin, '/api/region.geojson'),
				attribution: sourceAttribution
			}
		},
		layers: [
			{
				id: 'offline-background',
				type: 'background',
				paint: { 'background-color': COLORS.background }
			},
			{
				id: 'offline-region-land',
				type: 'fill',
				source: 'offline-region',
				paint: { 'fill-color': COLORS.land }
			}
		]
	};
}
