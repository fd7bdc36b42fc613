import * as m from '$lib/paraglide/messages';
import type { PlaceSource } from './types';

interface VillagePoint {
	slug: string;
	name: string;
	label_lon: number;
	label_lat: number;
}

/**
 * The village whose label point is nearest: only to describe a tapped point to the resident
 * ("near Kramsk"). The server attaches the report to the village area that contains it.
 */
export function nearestVillage<T extends VillagePoint>(
	villages: readonly T[],
	lon: number,
	lat: number
): T | null {
	// Equirectangular distance is plenty inside one gmina.
	const scale = Math.cos((lat * Math.PI) / 180);
	let best: T | null = null;
	let bestDistance = Infinity;
	for (const village of villages) {
		const dx = (village.label_lon - lon) * scale;
		const dy = village.label_lat - lat;
		const distance = dx * dx + dy * dy;
		if (distance < bestDistance) {
			best = village;
			bestDistance = distance;
		}
	}
	return best;
}

/** How the chosen place is read back to the resident. */
export function placeLabel(source: PlaceSource, villageName: string, address?: string): string {
	if (source === 'address' && address) return m.place_chosen_address({ label: address });
	if (source === 'village') return m.place_chosen_village({ name: villageName });
	if (source === 'location') return m.place_chosen_location({ name: villageName });
	return m.place_chosen_map({ name: villageName });
}
