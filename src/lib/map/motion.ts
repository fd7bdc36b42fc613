import type { Map as MapLibreMap } from 'maplibre-gl';

/** People who asked their system for less motion get instant camera jumps instead of flights. */
export function prefersReducedMotion(): boolean {
	return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
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
