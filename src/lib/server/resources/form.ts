import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { getEnv } from '../db/index.ts';
import { categories as loadCategories } from '../region/queries.ts';
import { isPhotoError, processPhoto } from '../reports/photo.ts';
import { validateResource, type FieldErrors } from './fields.ts';
import { photoStore, randomPhotoKey } from '../photos/store.ts';
import { resourceDetail, saveResource } from './register.ts';
import { SQLSTATE, sqlstateOf } from '../db/sqlstate.ts';

/** What the form posts back when it fails, so every typed value is shown again. */
export interface FormFailure {
	values: Record<string, string | string[]>;
	errors: FieldErrors;
	message: string;
}

const FIELDS = [
	'name',
	'category',
	'description',
	'address',
	'lon',
	'lat',
	'status',
	'contact_email',
	'contact_phone',
	'website',
	'capacity',
	'step_free',
	'availability',
	'opening_hours',
	'owner_org'
];

export function formValues(form: FormData): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {};
	for (const field of FIELDS) {
		const value = form.get(field);
		values[field] = typeof value === 'string' ? value : '';
	}
	values.amenities = form.getAll('amenities').filter((a): a is string => typeof a === 'string');
	return values;
}

/**
 * The create and edit actions: validate, re-encode an uploaded photo, save
 * through RLS. Returns the id, or a 4xx failure carrying the values and Polish messages.
 */
export async function submitResourceForm(
	event: RequestEvent,
	id: string | null
): Promise<{ id: string } | ActionFailure<FormFailure>> {
	const form = await event.request.formData();
	const values = formValues(form);
	const failWith = (status: number, errors: FieldErrors, message = m.res_err_invalid()) =>
		fail(status, { values, errors, message });

	const cats = await event.locals.db((tx) => loadCategories(tx));
	const checked = validateResource(values, cats.resource);
	if (!checked.ok) return failWith(422, checked.errors);

	const env = getEnv();
	const store = photoStore(env);
	let photoKey: string | null | undefined = form.get('photo_remove') === 'on' ? null : undefined;
	const photo = form.get('photo');
	if (photo instanceof File && photo.size > 0) {
		const processed = await processPhoto(new Uint8Array(await photo.arrayBuffer()));
		if (isPhotoError(processed)) {
			return failWith(processed.status, { photo: m.res_err_photo({ message: processed.message }) });
		}
		photoKey = randomPhotoKey('resources');
		await store.put(photoKey, processed.data);
	}
	try {
		const { saved, previous } = await event.locals.db(async (tx) => {
			const before = id && photoKey !== undefined ? await resourceDetail(tx, id) : null;
			return {
				saved: await saveResource(tx, event.locals.region, id, checked.value, photoKey),
				previous: before?.photo_key ?? null
			};
		});
		// A replaced or removed photo belongs to no resource any more.
		if (previous && previous !== photoKey) await store.remove(previous).catch(() => undefined);
		return { id: saved };
	} catch (e) {
		if (photoKey) await store.remove(photoKey);
		const code = sqlstateOf(e);
		if (code === SQLSTATE.checkViolation && (e as Error).message === 'point_outside_region') {
			return failWith(422, { lon: m.res_err_outside() });
		}
		if (code === SQLSTATE.insufficientPrivilege) return failWith(403, {}, m.res_err_denied());
		if (code === SQLSTATE.noDataFound) return failWith(404, {}, m.res_err_not_found());
		if (code === SQLSTATE.checkViolation || code === SQLSTATE.invalidTextRepresentation)
			return failWith(422, {}, m.res_err_invalid());
		throw e;
	}
}
