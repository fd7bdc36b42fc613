import type {
	FitBoundsOptions,
	LngLatBoundsLike,
	Map as MapLibreMap,
	PaddingOptions
} from 'maplibre-gl';

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
	options: { padding: number | PaddingOptions; maxZoom?: number }
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

/**
 * Room left around an area fitted into a map `width` × `height` px: about 5% of the shorter side
 * (8 px on a phone-sized map up to 40 px on a projector), so a 390 px phone does not give a fifth
 * of its width to margins while a wide screen still frames the area. `coveredTop` px along the
 * top edge are under the page's own buttons (such as "Pokaż całą gminę") and are kept clear, and
 * so are `hidden` px of the map above or below the window (a phone shows the top of a map that
 * runs past the screen's bottom edge): the area fits into what the person sees.
 */
export function paddingFor(
	width: number,
	height: number,
	coveredTop = 0,
	hidden: { top: number; bottom: number } = { top: 0, bottom: 0 }
): PaddingOptions {
	const side = Math.round(Math.min(40, Math.max(8, Math.min(width, height) * 0.05)));
	// Only while most of the map is on screen: a map scrolled nearly away is framed as a whole.
	const shown = height - hidden.top - hidden.bottom >= height / 2;
	return {
		top: side + coveredTop + (shown ? hidden.top : 0),
		right: side,
		bottom: side + (shown ? hidden.bottom : 0),
		left: side
	};
}

/** `paddingFor` a map's container element as it is laid out in the window now. */
export function fitPadding(container: HTMLElement, coveredTop = 0): PaddingOptions {
	const box = container.getBoundingClientRect();
	return paddingFor(box.width, box.height, coveredTop, {
		top: Math.max(0, -box.top),
		bottom: Math.max(0, box.bottom - window.innerHeight)
	});
}
