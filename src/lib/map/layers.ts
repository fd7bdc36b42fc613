import type {
	CircleLayerSpecification,
	ColorSpecification,
	DataDrivenPropertyValueSpecification,
	ExpressionSpecification,
	FillLayerSpecification,
	LineLayerSpecification,
	Map as MapLibreMap,
	StyleSpecification,
	SymbolLayerSpecification
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
 * Bottom-to-top order of every layer the app draws over a basemap, on any of its maps. Each
 * overlay component adds its layers on its own schedule (and again after every style swap), so
 * the stacking is decided here, not by timing. A layer id must be listed to be added at all.
 */
export const OVERLAY_ORDER = [
	'region-outline',
	// The main map (and the report form's place picker).
	'villages-fill',
	'villages-outline',
	'resources-circles',
	'needs-clusters',
	'needs-points',
	'villages-labels',
	// Above the names: symbols higher up are placed first, so names move aside for the counts.
	'needs-cluster-count',
	// Activities (/dzialania) and live consultation pins (the projector).
	'activities-points',
	'consultation-pins-points',
	// The public page of one need: its point.
	'need-page-point',
	// The cooperation network (/siec, /panel/siec): links between partners under their points.
	'network-links',
	'network-partners',
	// Presentation mode: the choropleth over the darkened offline style.
	'presentation-fill',
	'presentation-outline',
	'presentation-labels',
	// Planning: the chosen area, hotspots, the radius and ruler previews, resources and needs.
	'plan-area-fill',
	'plan-area-line',
	'plan-hotspots',
	'plan-tool-fill',
	'plan-tool-line',
	'plan-items',
	'plan-ruler-ends'
] as const;

export type OverlayLayerId = (typeof OVERLAY_ORDER)[number];

type SourcedLayer =
	| CircleLayerSpecification
	| FillLayerSpecification
	| LineLayerSpecification
	| SymbolLayerSpecification;
type Placed<L> = L extends SourcedLayer ? Omit<L, 'id' | 'source'> & { id: OverlayLayerId } : never;

/** A layer drawn from an overlay's source: no `source` of its own, an id from OVERLAY_ORDER. */
export type OverlayLayer = Placed<SourcedLayer>;

/** Areas and outlines go under the basemap's own labels so street and place names stay legible. */
const BELOW_BASEMAP_LABELS: ReadonlySet<OverlayLayerId> = new Set([
	'region-outline',
	'villages-fill',
	'villages-outline'
]);

/** True on a feature whose feature-state marks it selected (see `selection` in the context). */
export const IS_SELECTED: ExpressionSpecification = [
	'boolean',
	['feature-state', 'selected'],
	false
];

/** Overlay groups the legend can switch on and off; each layer reads its group's switch. */
export type LayerGroup = 'villages' | 'resources' | 'needs';

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

/**
 * Adds one of our layers at its place in OVERLAY_ORDER, whatever else is already on the map;
 * `sourceLayer` names the layer of a vector tile source it draws.
 */
export function addOverlayLayer(
	map: MapLibreMap,
	layer: OverlayLayer,
	source: string,
	sourceLayer?: string
) {
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
	map.addLayer(
		sourceLayer ? { ...layer, source, 'source-layer': sourceLayer } : { ...layer, source },
		beforeId
	);
}

/**
 * Removes an overlay's layers, then its source (MapLibre refuses to remove a source still in use);
 * tolerant of a style swap, which has removed them already.
 */
export function removeOverlay(map: MapLibreMap, sourceId: string, layerIds: readonly string[]) {
	for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
	if (map.getSource(sourceId)) map.removeSource(sourceId);
}

export function visibilityValue(visible: boolean): 'visible' | 'none' {
	return visible ? 'visible' : 'none';
}

/**
 * Paint of a point layer: a circle growing from `radius[0]` px at zoom 10 to `radius[1]` at 15,
 * with a ring that tells the kinds of points apart beyond colour alone.
 */
export function pointPaint(
	color: DataDrivenPropertyValueSpecification<ColorSpecification>,
	radius: readonly [number, number],
	ring: { color: string; width: number } = { color: '#ffffff', width: 2 }
): NonNullable<CircleLayerSpecification['paint']> {
	return {
		'circle-color': color,
		'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, radius[0], 15, radius[1]],
		'circle-stroke-color': ring.color,
		'circle-stroke-width': ring.width
	};
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
 * The deepest zoom of the needs tiles: the server clusters needs below it and sends every need
 * at it (supabase/migrations/…_tiles.sql); the map reuses these tiles further in.
 */
export const NEED_TILE_MAX_ZOOM = 16;

/**
 * The deepest zoom at which the map fetches resource and village area tiles; further in it
 * draws from these. A z14 tile has 4096 units across about 1.5 km in Poland, so the tile grid is
 * finer than half a metre: deeper tiles would only cost more requests.
 */
export const AREA_TILE_MAX_ZOOM = 14;

/**
 * The URL template of one of the app's vector tile layers (/api/tiles/<layer>/{z}/{x}/{y}.mvt)
 * with its filters: absolute and with the braces unencoded, as MapLibre's worker expands them.
 */
export function tileUrl(
	origin: string,
	layer: 'needs' | 'resources' | 'villages',
	params: Record<string, string | null> = {}
): string {
	const query = new URLSearchParams(
		Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]))
	).toString();
	return `${origin}/api/tiles/${layer}/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`;
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
