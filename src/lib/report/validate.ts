import * as m from '$lib/paraglide/messages';
import { formatNumber } from '$lib/presentation/format';
import { isOneOf } from '$lib/vocab/label';
import { NEED_KINDS } from '$lib/vocab/need-kind';
import {
	CONTACT_MAX,
	DESCRIPTION_MAX,
	EMAIL,
	PHONE,
	PHOTO_EXTENSIONS,
	PHOTO_MAX_BYTES,
	PHOTO_TYPES,
	TITLE_MAX,
	TITLE_MIN
} from './limits';
import type { FieldErrors, ReportField, ReportFields } from './types';
import { trimInvisible } from '$lib/text';

/** Same rules as the server, checked before sending so a queued report is one it will accept. */
export function validateReport(fields: ReportFields, photo: Blob | null): FieldErrors {
	const errors: FieldErrors = {};
	const hasPoint = fields.lon !== '' && fields.lat !== '';
	if (!hasPoint && !fields.village) errors.place = m.error_place_required();
	if (!isOneOf(NEED_KINDS, fields.kind)) errors.kind = m.error_kind_required();
	if (!fields.category) errors.category = m.error_category_required();
	// The server's rule (shared): invisible characters at the edges do not count.
	const title = trimInvisible(fields.title);
	if (title.length < TITLE_MIN) errors.title = m.error_title_short();
	else if (title.length > TITLE_MAX) errors.title = m.error_title_long();
	if (trimInvisible(fields.description).length > DESCRIPTION_MAX)
		errors.description = m.error_description_long();
	const contact = fields.contact.trim();
	if (contact !== '') {
		if (contact.length > CONTACT_MAX || !(EMAIL.test(contact) || PHONE.test(contact)))
			errors.contact = m.error_contact_invalid();
		else if (!fields.contact_consent) errors.contact_consent = m.error_consent_required();
	}
	const photoError = photo ? validatePhoto(photo) : null;
	if (photoError) errors.photo = photoError;
	return errors;
}

/** Whether the chosen file is a photo at all, checked on the original before it is scaled. */
export function validatePhotoType(photo: Blob & { name?: string }): string | null {
	const typed = (PHOTO_TYPES as readonly string[]).includes(photo.type);
	// Some phones report HEIC photos with an empty type; the name is the only hint then.
	const named = photo.type === '' && PHOTO_EXTENSIONS.test(photo.name ?? '');
	return typed || named ? null : m.error_photo_type();
}

/** The photo as it will be sent (scaled in the browser, or the original when it cannot be). */
export function validatePhoto(photo: Blob & { name?: string }): string | null {
	const typeProblem = validatePhotoType(photo);
	if (typeProblem) return typeProblem;
	if (photo.size > PHOTO_MAX_BYTES)
		return m.error_photo_large({ size: formatNumber(photo.size / 1024 / 1024) });
	return null;
}

/** The server names place problems after the coordinate or village fields; the form shows one. */
const SERVER_FIELDS: Record<string, ReportField> = {
	lon: 'place',
	lat: 'place',
	village: 'place',
	kind: 'kind',
	category: 'category',
	title: 'title',
	description: 'description',
	contact: 'contact',
	contact_consent: 'contact_consent',
	photo: 'photo'
};

export function fromServerErrors(errors: Record<string, string> | null | undefined): FieldErrors {
	const mapped: FieldErrors = {};
	for (const [key, message] of Object.entries(errors ?? {})) {
		const field = SERVER_FIELDS[key] ?? 'form';
		mapped[field] ??= message;
	}
	return mapped;
}

export function hasErrors(errors: FieldErrors): boolean {
	return Object.values(errors).some(Boolean);
}
