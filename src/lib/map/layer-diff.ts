import type {
	AllLayoutProperties,
	AllPaintProperties,
	FilterSpecification,
	Map as MapLibreMap
} from 'maplibre-gl';

/** The parts of a layer that may change while it is on the map; anything else means a new layer. */
export interface LayerProps {
	paint?: AllPaintProperties;
	layout?: AllLayoutProperties;
	filter?: FilterSpecification;
}

type PaintName = keyof AllPaintProperties;
type LayoutName = keyof AllLayoutProperties;

/** One MapLibre setter call; `undefined` resets a property to the style's default. */
export type LayerUpdate =
	| { kind: 'paint'; name: PaintName; value: AllPaintProperties[PaintName] }
	| { kind: 'layout'; name: LayoutName; value: AllLayoutProperties[LayoutName] }
	| { kind: 'filter'; value: FilterSpecification | null };

/**
 * Equality of style values: expressions are arrays built afresh on every read, so a layer is
 * repainted only when their contents differ, not because a new array came.
 */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) || Array.isArray(b)) {
		return (
			Array.isArray(a) &&
			Array.isArray(b) &&
			a.length === b.length &&
			a.every((item, index) => sameValue(item, b[index]))
		);
	}
	if (!isRecord(a) || !isRecord(b)) return false;
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	return [...keys].every((key) => sameValue(a[key], b[key]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function names<P extends object>(before: P | undefined, after: P | undefined): (keyof P)[] {
	const all = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
	return [...all] as (keyof P)[];
}

/** The properties whose value differs, with the new value (undefined when it was dropped). */
function changed<P extends object>(
	before: P | undefined,
	after: P | undefined
): { name: keyof P; value: P[keyof P] | undefined }[] {
	return names(before, after)
		.filter((name) => !sameValue(before?.[name], after?.[name]))
		.map((name) => ({ name, value: after?.[name] }));
}

/**
 * The setter calls that turn a layer drawn with `before` into one drawn with `after`: one per
 * changed paint or layout property, and the filter when it changed. Nothing when both are equal.
 */
export function layerUpdates(before: LayerProps, after: LayerProps): LayerUpdate[] {
	const updates: LayerUpdate[] = [
		...changed(before.paint, after.paint).map(({ name, value }): LayerUpdate => ({
			kind: 'paint',
			name,
			value
		})),
		...changed(before.layout, after.layout).map(({ name, value }): LayerUpdate => ({
			kind: 'layout',
			name,
			value
		}))
	];
	if (!sameValue(before.filter, after.filter))
		updates.push({ kind: 'filter', value: after.filter ?? null });
	return updates;
}

/** Applies what `layerUpdates` found to layer `id`. */
export function applyLayerUpdates(
	map: MapLibreMap,
	id: string,
	updates: readonly LayerUpdate[]
): void {
	for (const update of updates) {
		if (update.kind === 'paint') map.setPaintProperty(id, update.name, update.value);
		else if (update.kind === 'layout') map.setLayoutProperty(id, update.name, update.value);
		else map.setFilter(id, update.value);
	}
}
