// Shapes shared by the create and edit pages of the register form.

export type FormValues = Record<string, string | string[]>;
export type FormErrors = Record<string, string | undefined>;

/** Where each error's link in the summary leads. */
export const FIELD_IDS: Record<string, string> = {
	name: 'res-name',
	category: 'res-category',
	description: 'res-description',
	status: 'res-status',
	address: 'res-address',
	lon: 'res-lon',
	lat: 'res-lat',
	contact_email: 'res-email',
	contact_phone: 'res-phone',
	website: 'res-website',
	owner_org: 'res-owner',
	capacity: 'res-capacity',
	step_free: 'res-step-free',
	amenities: 'res-amenities',
	availability: 'res-availability',
	opening_hours: 'res-opening-hours',
	photo: 'res-photo',
	form: 'resource-form'
};

/**
 * A resource's own fields: as the pages hold them (plain strings, `ResourceLike`) and, narrowed to
 * the vocabularies, as the server validates them (`ResourceInput`).
 */
export interface ResourceFields<
	Status extends string = string,
	Access extends string = string,
	AmenityCode extends string = string
> {
	name: string;
	category: string;
	description: string;
	address: string | null;
	lon: number;
	lat: number;
	status: Status;
	contact_email: string | null;
	contact_phone: string | null;
	website: string | null;
	capacity: number | null;
	step_free: Access | null;
	amenities: AmenityCode[];
	availability: string | null;
	opening_hours: string | null;
	owner_org: string | null;
}

export type ResourceLike = ResourceFields;

/** A stored resource as form values (strings, like a posted form). */
export function valuesOf(r: ResourceLike): FormValues {
	const s = (v: string | number | null) => (v === null ? '' : String(v));
	return {
		name: r.name,
		category: r.category,
		description: r.description,
		address: s(r.address),
		lon: s(r.lon),
		lat: s(r.lat),
		status: r.status,
		contact_email: s(r.contact_email),
		contact_phone: s(r.contact_phone),
		website: s(r.website),
		capacity: s(r.capacity),
		step_free: s(r.step_free),
		amenities: [...r.amenities],
		availability: s(r.availability),
		opening_hours: s(r.opening_hours),
		owner_org: s(r.owner_org)
	};
}

export interface ResourceView extends ResourceLike {
	category_label: string;
	locality: string | null;
}
