import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import type { Category } from '$lib/types';
import { FreeText, trimInvisible } from '$lib/text';
import { fieldErrors } from '../forms/field-errors.ts';
import type { Amenity } from '../../vocab/resource-amenity.ts';
import type { ResourceStatus } from '../../vocab/resource-status.ts';
import type { StepFree } from '../../vocab/step-free.ts';
import type { ResourceFields } from '../../resources/form-state.ts';

/**
 * One resource of the register as the form and the import deliver it. Both
 * paths share these rules and Polish messages; the database checks them again (CHECK
 * constraints, the gmina boundary trigger) and RLS decides who may write.
 */
export type ResourceInput = ResourceFields<ResourceStatus, StepFree, Amenity>;

export type FieldErrors = Partial<Record<keyof ResourceInput | 'form' | 'photo', string>>;

/** Folds case and Polish diacritics, so "Świetlica" and "swietlica" compare equal. */
export function fold(text: string): string {
	return text
		.toLowerCase()
		.replace(/ł/g, 'l')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

// Polish and English words people type in a spreadsheet.
const STEP_FREE_WORDS: Record<string, StepFree> = {
	yes: 'yes',
	tak: 'yes',
	no: 'no',
	nie: 'no',
	partly: 'partly',
	partial: 'partly',
	czesciowo: 'partly'
};
const AMENITY_WORDS: Record<string, Amenity> = {
	kitchen: 'kitchen',
	kuchnia: 'kitchen',
	aneks: 'kitchen',
	projector: 'projector',
	rzutnik: 'projector',
	projektor: 'projector',
	wifi: 'wifi',
	'wi-fi': 'wifi',
	internet: 'wifi',
	toilets: 'toilets',
	toaleta: 'toilets',
	toalety: 'toilets',
	wc: 'toilets',
	parking: 'parking'
};
const STATUS_WORDS: Record<string, ResourceStatus> = {
	draft: 'draft',
	roboczy: 'draft',
	published: 'published',
	opublikowany: 'published',
	archived: 'archived',
	zarchiwizowany: 'archived'
};

const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,185}\.[^\s@<>]{2,}$/;
const PHONE = /^\+?[0-9 ()-]{9,20}$/;

/** Raw values as typed (form fields, CSV cells) or JSON values (GeoJSON properties). */
export type RawResource = Record<string, unknown>;

function textOf(raw: unknown): string | null | undefined {
	if (raw === undefined || raw === null) return '';
	if (typeof raw === 'string') return trimInvisible(raw);
	if (typeof raw === 'number' || typeof raw === 'boolean') return undefined;
	return undefined;
}

const optionalText = (max: number) =>
	v.pipe(
		FreeText,
		v.maxLength(max, () => m.res_err_text_long({ max }))
	);

const Schema = v.object({
	name: v.pipe(
		FreeText,
		v.nonEmpty(() => m.res_err_name_missing()),
		v.maxLength(200, () => m.res_err_name_long({ max: 200 }))
	),
	description: optionalText(4000),
	address: optionalText(300),
	contact_email: v.pipe(
		optionalText(254),
		v.check(
			(s) => s === '' || EMAIL.test(s),
			() => m.res_err_email()
		)
	),
	contact_phone: v.pipe(
		optionalText(40),
		v.check(
			(s) => s === '' || PHONE.test(s),
			() => m.res_err_phone()
		)
	),
	website: v.pipe(
		optionalText(300),
		v.check(
			(s) => s === '' || /^https?:\/\/[^\s]+\.[^\s]+$/i.test(s),
			() => m.res_err_website()
		)
	),
	availability: optionalText(2000),
	opening_hours: optionalText(500),
	owner_org: optionalText(300)
});

const TEXT_FIELDS = Object.keys(Schema.entries) as (keyof typeof Schema.entries)[];

function number(raw: unknown): number | null {
	if (typeof raw === 'number') return raw;
	if (typeof raw !== 'string' || raw.trim() === '') return null;
	// Polish spreadsheets write decimal commas: "52,265".
	const text = raw.trim().replace(',', '.');
	return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

export type Validated = { ok: true; value: ResourceInput } | { ok: false; errors: FieldErrors };

/**
 * Checks and normalises one resource. `categories` resolves a slug or a label (Polish or
 * English, any case); amenities may be an array (form, GeoJSON) or a "kuchnia; wifi" string.
 */
export function validateResource(raw: RawResource, categories: readonly Category[]): Validated {
	const errors: FieldErrors = {};
	const texts: Record<string, unknown> = {};
	for (const field of TEXT_FIELDS) {
		const t = textOf(raw[field]);
		if (t === undefined) errors[field] = m.res_err_type_text();
		else texts[field] = t;
	}
	const parsed = v.safeParse(Schema, texts);
	if (!parsed.success) fieldErrors(parsed.issues, { into: errors });

	const categoryText = typeof raw.category === 'string' ? fold(raw.category) : '';
	const category = categories.find(
		(c) =>
			c.slug === categoryText ||
			fold(c.label_pl) === categoryText ||
			fold(c.label_en) === categoryText
	);
	if (!category) errors.category = m.res_err_category();

	const lon = number(raw.lon);
	const lat = number(raw.lat);
	if (lon === null || !Number.isFinite(lon) || lon < -180 || lon > 180)
		errors.lon = m.res_err_lon();
	if (lat === null || !Number.isFinite(lat) || lat < -90 || lat > 90) errors.lat = m.res_err_lat();

	const capacityRaw = number(raw.capacity);
	const capacity = capacityRaw === null ? null : capacityRaw;
	if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 0 && capacity <= 100000))
		errors.capacity = m.res_err_capacity();

	let stepFree: StepFree | null = null;
	const stepText = typeof raw.step_free === 'string' ? fold(raw.step_free) : raw.step_free;
	if (typeof stepText === 'boolean') stepFree = stepText ? 'yes' : 'no';
	else if (typeof stepText === 'string' && stepText !== '') {
		stepFree = STEP_FREE_WORDS[stepText] ?? null;
		if (!stepFree) errors.step_free = m.res_err_step_free();
	} else if (stepText !== undefined && stepText !== null && stepText !== '')
		errors.step_free = m.res_err_step_free();

	const amenities: Amenity[] = [];
	const amenityList = Array.isArray(raw.amenities)
		? raw.amenities
		: typeof raw.amenities === 'string'
			? raw.amenities.split(/[;,|]/)
			: [];
	for (const item of amenityList) {
		const word = typeof item === 'string' ? fold(item) : '';
		if (word === '' && typeof item === 'string') continue;
		const amenity = AMENITY_WORDS[word];
		if (!amenity) {
			errors.amenities ??= m.res_err_amenities({ value: String(item) });
		} else if (!amenities.includes(amenity)) amenities.push(amenity);
	}

	let status: ResourceStatus = 'draft';
	if (typeof raw.status === 'string' && raw.status.trim() !== '') {
		const found = STATUS_WORDS[fold(raw.status)];
		if (found) status = found;
		else errors.status = m.res_err_status();
	}

	if (Object.keys(errors).length > 0 || !parsed.success || !category) return { ok: false, errors };
	const t = parsed.output;
	const orNull = (s: string) => (s === '' ? null : s);
	return {
		ok: true,
		value: {
			name: t.name,
			category: category.slug,
			description: t.description,
			address: orNull(t.address),
			lon: lon as number,
			lat: lat as number,
			status,
			contact_email: orNull(t.contact_email),
			contact_phone: orNull(t.contact_phone),
			website: orNull(t.website),
			capacity,
			step_free: stepFree,
			amenities,
			availability: orNull(t.availability),
			opening_hours: orNull(t.opening_hours),
			owner_org: orNull(t.owner_org)
		}
	};
}
