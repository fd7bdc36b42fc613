import * as m from '$lib/paraglide/messages';
import { isOneOf } from '$lib/vocab/label';
import { AMENITIES, amenityLabel } from '$lib/vocab/resource-amenity';
import { isStepFree, stepFreeLabel } from '$lib/vocab/step-free';

// Practical details of a published resource for the public map popup and the
// village list: capacity, step-free access and amenities, when the register knows them.

/**
 * Amenities as a list: fetched GeoJSON gives the array itself; a vector tile, whose values are
 * only strings, numbers or booleans, gives one comma-separated text (resource_tile_rows).
 */
function list(value: unknown): string[] {
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	if (typeof value === 'string') return value.split(',').filter((v) => v !== '');
	return [];
}

export function resourceDetails(p: Record<string, unknown>): string[] {
	const lines: string[] = [];
	const capacity = Number(p.capacity);
	if (p.capacity !== null && p.capacity !== undefined && Number.isFinite(capacity))
		lines.push(m.res_public_capacity({ count: capacity }));
	if (isStepFree(p.step_free))
		lines.push(m.res_public_step_free({ value: stepFreeLabel(p.step_free) }));
	// Values this version does not know are left out of the public popup.
	const amenities = list(p.amenities)
		.filter((a) => isOneOf(AMENITIES, a))
		.map(amenityLabel);
	if (amenities.length > 0) lines.push(`${m.res_field_amenities()}: ${amenities.join(', ')}`);
	return lines;
}
