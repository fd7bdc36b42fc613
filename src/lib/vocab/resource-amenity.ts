import * as m from '../paraglide/messages.js';
import { defineVocab } from './label.ts';

/** What a venue offers, in the form's order (the `resources.amenities` CHECK constraint). */
export const [AMENITIES, AMENITY_LABELS, amenityLabel] = defineVocab({
	kitchen: m.res_amenity_kitchen,
	projector: m.res_amenity_projector,
	wifi: m.res_amenity_wifi,
	toilets: m.res_amenity_toilets,
	parking: m.res_amenity_parking
});
export type Amenity = (typeof AMENITIES)[number];
