import * as m from '../paraglide/messages.js';
import { labelOf, type Label } from './label.ts';

/** What a venue offers, in the form's order (the `resources.amenities` CHECK constraint). */
export const AMENITIES = ['kitchen', 'projector', 'wifi', 'toilets', 'parking'] as const;
export type Amenity = (typeof AMENITIES)[number];

export const AMENITY_LABELS: Readonly<Record<Amenity, Label>> = {
	kitchen: m.res_amenity_kitchen,
	projector: m.res_amenity_projector,
	wifi: m.res_amenity_wifi,
	toilets: m.res_amenity_toilets,
	parking: m.res_amenity_parking
};

export const amenityLabel = (amenity: string) => labelOf(AMENITY_LABELS, amenity);
