import * as m from '$lib/paraglide/messages';

// Labels of the register's coded values, in the page's language.

export function statusLabel(status: string): string {
	if (status === 'published') return m.res_status_published();
	if (status === 'archived') return m.res_status_archived();
	return m.res_status_draft();
}

export function stepFreeLabel(value: string | null): string {
	if (value === 'yes') return m.res_step_free_yes();
	if (value === 'no') return m.res_step_free_no();
	if (value === 'partly') return m.res_step_free_partly();
	return m.res_step_free_unknown();
}

export const AMENITY_OPTIONS = ['kitchen', 'projector', 'wifi', 'toilets', 'parking'] as const;

export function amenityLabel(value: string): string {
	if (value === 'kitchen') return m.res_amenity_kitchen();
	if (value === 'projector') return m.res_amenity_projector();
	if (value === 'wifi') return m.res_amenity_wifi();
	if (value === 'toilets') return m.res_amenity_toilets();
	return m.res_amenity_parking();
}
