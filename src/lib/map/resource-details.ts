import * as m from '$lib/paraglide/messages';

// Practical details of a published resource for the public map popup and the
// village list: capacity, step-free access and amenities, when the register knows them.

const AMENITY: Record<string, () => string> = {
	kitchen: m.res_amenity_kitchen,
	projector: m.res_amenity_projector,
	wifi: m.res_amenity_wifi,
	toilets: m.res_amenity_toilets,
	parking: m.res_amenity_parking
};
const STEP_FREE: Record<string, () => string> = {
	yes: m.res_step_free_yes,
	no: m.res_step_free_no,
	partly: m.res_step_free_partly
};

/** MapLibre hands nested feature properties over as JSON text; fetch gives the array itself. */
function list(value: unknown): string[] {
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	if (typeof value === 'string' && value.startsWith('[')) {
		try {
			return list(JSON.parse(value));
		} catch {
			return [];
		}
	}
	return [];
}

export function resourceDetails(p: Record<string, unknown>): string[] {
	const lines: string[] = [];
	const capacity = Number(p.capacity);
	if (p.capacity !== null && p.capacity !== undefined && Number.isFinite(capacity))
		lines.push(m.res_public_capacity({ count: capacity }));
	const stepFree = typeof p.step_free === 'string' ? STEP_FREE[p.step_free] : undefined;
	if (stepFree) lines.push(m.res_public_step_free({ value: stepFree() }));
	const amenities = list(p.amenities)
		.map((a) => AMENITY[a]?.())
		.filter(Boolean);
	if (amenities.length > 0) lines.push(`${m.res_field_amenities()}: ${amenities.join(', ')}`);
	return lines;
}
