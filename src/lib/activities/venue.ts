import * as m from '$lib/paraglide/messages';
import { venueAccessLabel } from '$lib/activities/labels';
import type { FormOptions } from '$lib/activities/types';

/** One venue in the picker: name, village, capacity and step-free access. */
export default function venueOption(v: FormOptions['venues'][number]): string {
	return [
		v.name,
		v.locality,
		v.capacity !== null ? m.act_venue_capacity({ n: v.capacity }) : null,
		m.act_venue_access({ access: venueAccessLabel(v.step_free) })
	]
		.filter(Boolean)
		.join(' — ');
}
