import type { Map as MapLibreMap } from 'maplibre-gl';

/** Value of `basemapStyleUrl` that means "use the offline style directly". */
export const OFFLINE_BASEMAP = 'offline';

/**
 * Brings in the configured basemap behind a map that already shows the app's own offline style,
 * so the first view never waits for a remote server. The style is fetched first: only when it
 * answers with a style document (MapLibre Style Spec: `version` 8, `sources`, `layers`) within
 * `timeoutMs` does the map switch to it, by its URL, so relative sprite and glyph addresses
 * resolve as the style's author meant (the second fetch comes from the HTTP cache). An
 * unreachable, refusing, hanging or malformed basemap leaves the offline style in place and calls
 * `onUnavailable`. Errors after the switch (a missing tile, a font range) are left to MapLibre.
 * Returns the teardown.
 */
export function bringInBasemap(
	map: MapLibreMap,
	url: string,
	timeoutMs: number,
	onUnavailable: () => void
): () => void {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	let stopped = false;
	fetch(url, { signal: controller.signal })
		.then(async (response) => {
			if (!response.ok) throw new Error(`basemap style: HTTP ${response.status}`);
			const style: unknown = await response.json();
			if (!isStyleDocument(style)) throw new Error('basemap style: not a style document');
			if (stopped) return;
			// diff: false — the offline style and the basemap share nothing worth diffing.
			map.setStyle(url, { diff: false });
		})
		.catch(() => {
			if (!stopped) onUnavailable();
		})
		.finally(() => clearTimeout(timer));
	return () => {
		stopped = true;
		clearTimeout(timer);
		controller.abort();
	};
}

function isStyleDocument(value: unknown): boolean {
	if (typeof value !== 'object' || value === null) return false;
	const style = value as { version?: unknown; sources?: unknown; layers?: unknown };
	return style.version === 8 && typeof style.sources === 'object' && Array.isArray(style.layers);
}
