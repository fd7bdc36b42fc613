import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';

/** Value of `basemapStyleUrl` that means "use the offline style directly". */
export const OFFLINE_BASEMAP = 'offline';

/**
 * Swaps in the offline style when the configured basemap does not load: an 'error' event before
 * the first 'style.load' (unreachable style, bad JSON) or no 'style.load' within `timeoutMs`
 * (a network that hangs instead of refusing). Errors after the style has loaded (a missing tile,
 * a font range) are left to MapLibre. Returns the teardown.
 */
export function fallBackToOfflineStyle(
	map: MapLibreMap,
	offline: StyleSpecification,
	timeoutMs: number,
	onFallback: () => void
): () => void {
	let settled = false;

	const stopWatching = () => {
		settled = true;
		clearTimeout(timer);
		map.off('style.load', onStyleLoad);
		map.off('error', onError);
	};
	const fallBack = () => {
		if (settled) return;
		stopWatching();
		// diff: false — there is nothing to diff against when the first style never loaded.
		map.setStyle(offline, { diff: false });
		onFallback();
	};
	const onStyleLoad = () => stopWatching();
	const onError = () => fallBack();
	const timer = setTimeout(fallBack, timeoutMs);

	map.on('style.load', onStyleLoad);
	map.on('error', onError);
	return stopWatching;
}
