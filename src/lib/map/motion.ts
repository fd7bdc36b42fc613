import type { FitBoundsOptions, LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';

/** People who asked their system for less motion get instant camera jumps instead of flights. */
export function prefersReducedMotion(): boolean {
	return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Brings an area (a village, the whole gmina) into view, with `padding` pixels around it and no
 * closer than `maxZoom`: a flight, or a jump for people who asked for less motion.
 */
export function fitArea(
	map: { fitBounds(bounds: LngLatBoundsLike, options: FitBoundsOptions): unknown },
	bounds: LngLatBoundsLike,
	options: { padding: number; maxZoom?: number }
): void {
	map.fitBounds(bounds, { ...options, animate: !prefersReducedMotion() });
}

/** Zoom that shows a house and its street. */
export const PLACE_ZOOM = 16;

/** Brings `center` into view at `zoom` at least (street by default), keeping a closer zoom the user chose. */
export function flyToPlace(map: MapLibreMap, center: [number, number], zoom = PLACE_ZOOM): void {
	map.flyTo({
		center,
		zoom: Math.max(map.getZoom(), zoom),
		animate: !prefersReducedMotion()
	});
}
