import { isOneOf } from '$lib/vocab/label';
import { NEED_KINDS, type NeedKind } from '$lib/vocab/need-kind';
import type { ReportFields } from './types';

/**
 * The report being written. One object shared by the page and its step components, so each
 * step changes its own fields and the draft, the queue and the submit read the same state.
 */
export class ReportForm {
	kind = $state<NeedKind | ''>('');
	category = $state('');
	title = $state('');
	description = $state('');
	lon = $state('');
	lat = $state('');
	village = $state('');
	contact = $state('');
	contactConsent = $state(false);
	key = $state('');
	/** How the chosen place is described to the resident ("near Kramsk", an address…). */
	placeLabel = $state('');
	photo = $state.raw<File | null>(null);
	/** A chosen photo is being scaled in the browser: the report waits for it before sending. */
	photoPreparing = $state(false);

	constructor(initial: Partial<ReportFields> = {}) {
		this.fill(initial);
	}

	get fields(): ReportFields {
		return {
			kind: this.kind,
			category: this.category,
			title: this.title,
			description: this.description,
			lon: this.lon,
			lat: this.lat,
			village: this.village,
			contact: this.contact,
			contact_consent: this.contactConsent,
			idempotency_key: this.key
		};
	}

	get hasPoint(): boolean {
		return this.lon !== '' && this.lat !== '';
	}

	fill(fields: Partial<ReportFields>): void {
		if (fields.kind !== undefined) this.kind = fields.kind;
		if (fields.category !== undefined) this.category = fields.category;
		if (fields.title !== undefined) this.title = fields.title;
		if (fields.description !== undefined) this.description = fields.description;
		if (fields.lon !== undefined) this.lon = fields.lon;
		if (fields.lat !== undefined) this.lat = fields.lat;
		if (fields.village !== undefined) this.village = fields.village;
		if (fields.contact !== undefined) this.contact = fields.contact;
		if (fields.contact_consent !== undefined) this.contactConsent = fields.contact_consent;
		if (fields.idempotency_key) this.key = fields.idempotency_key;
	}

	setPoint(lon: string, lat: string, label: string): void {
		this.lon = lon;
		this.lat = lat;
		this.placeLabel = label;
	}

	/** A new, empty report with its own key (never reuse a key across reports). */
	reset(key: string): void {
		this.fill({
			kind: '',
			category: '',
			title: '',
			description: '',
			lon: '',
			lat: '',
			village: '',
			contact: '',
			contact_consent: false
		});
		this.key = key;
		this.placeLabel = '';
		this.photo = null;
		this.photoPreparing = false;
	}
}

/** The action's `values` (strings from the posted form) as report fields. */
export function fieldsFromValues(values: Record<string, string> | null | undefined) {
	if (!values) return {};
	const kind = values.kind;
	const fields: Partial<ReportFields> = {
		kind: isOneOf(NEED_KINDS, kind) ? kind : '',
		category: values.category ?? '',
		title: values.title ?? '',
		description: values.description ?? '',
		lon: values.lon ?? '',
		lat: values.lat ?? '',
		village: values.village ?? '',
		contact: values.contact ?? '',
		contact_consent: values.contact_consent === 'on' || values.contact_consent === 'true'
	};
	if (values.idempotency_key) fields.idempotency_key = values.idempotency_key;
	return fields;
}

/** What the form action answered, read defensively (enhanced submits get it untyped). */
export function actionAnswer(data: Record<string, unknown> | undefined) {
	const text = (value: unknown) => (typeof value === 'string' ? value : '');
	const errors: Record<string, string> = {};
	if (typeof data?.errors === 'object' && data.errors !== null)
		for (const [key, value] of Object.entries(data.errors))
			if (typeof value === 'string') errors[key] = value;
	return {
		ref: text(data?.ref),
		statusUrl: text(data?.status_url),
		message: text(data?.message),
		errors,
		retryAfter: typeof data?.retryAfter === 'number' ? data.retryAfter : null
	};
}
