import type { MapLibreModule } from './context.svelte';
import type { Map as MapLibreMap, Popup } from 'maplibre-gl';
import { textOf } from '$lib/text';

/**
 * Opens a popup whose text comes from feature properties. Built with text nodes, never HTML,
 * because titles are typed in by residents.
 */
export function openTextPopup(
	maplibre: MapLibreModule,
	map: MapLibreMap,
	at: [number, number],
	title: string,
	lines: readonly string[],
	/** Controls below the text, such as "Popieram" for a need. */
	extra?: HTMLElement
): Popup {
	const content = document.createElement('div');
	content.className = 'map-popup';
	const heading = document.createElement('p');
	heading.className = 'map-popup__title';
	heading.textContent = title;
	content.append(heading);
	for (const line of lines) {
		const paragraph = document.createElement('p');
		paragraph.textContent = line;
		content.append(paragraph);
	}
	if (extra) content.append(extra);
	return new maplibre.Popup({ maxWidth: '18rem', focusAfterOpen: false })
		.setLngLat(at)
		.setDOMContent(content)
		.addTo(map);
}

/** A property as a string; GeoJSON from the API may carry numbers or nulls (shown empty). */
export const text = textOf;
