import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import {
	CONTACT_MAX,
	DESCRIPTION_MAX,
	EMAIL,
	PHONE,
	TITLE_MAX,
	TITLE_MIN
} from '$lib/report/limits';
import { FreeText } from '$lib/text';
import { NEED_KINDS, type NeedKind } from '../../vocab/need-kind.ts';
import { fieldErrors } from '../forms/field-errors.ts';

/**
 * The rules of a need's own fields, shared by every form that writes one: the resident's report,
 * the assisted entry of the moderation panel and the moderator's text edit.
 */
export const NeedFields = {
	kind: v.picklist(NEED_KINDS, () => m.api_kind()),
	category: v.pipe(
		FreeText,
		v.regex(/^[a-z0-9-]{1,40}$/, () => m.api_category())
	),
	title: v.pipe(
		FreeText,
		v.minLength(TITLE_MIN, () => m.api_title_short()),
		v.maxLength(TITLE_MAX, () => m.api_title_long({ max: TITLE_MAX }))
	),
	description: v.optional(
		v.pipe(
			FreeText,
			v.maxLength(DESCRIPTION_MAX, () => m.api_description_long({ max: DESCRIPTION_MAX }))
		),
		''
	),
	village: v.pipe(
		FreeText,
		v.regex(/^[a-z0-9-]{1,80}$/, () => m.api_village())
	)
};

export const CONSENT_TEXT =
	'Zgadzam się na przetwarzanie moich danych kontaktowych przez Centrum Usług Społecznych w Kramsku wyłącznie w celu kontaktu w sprawie tego zgłoszenia. Dane nie są publikowane.';

const coordinate = (min: number, max: number, message: () => string) =>
	v.pipe(
		v.union([v.number(), v.pipe(FreeText, v.nonEmpty(message), v.transform(Number))]),
		v.number(message),
		v.finite(message),
		v.minValue(min, message),
		v.maxValue(max, message)
	);

/**
 * A resident's report as the form action and POST /api/needs receive it. Both paths
 * share this schema, so the rules and the Polish messages are the same everywhere.
 */
export const ReportSchema = v.pipe(
	v.object({
		kind: NeedFields.kind,
		category: NeedFields.category,
		title: NeedFields.title,
		description: NeedFields.description,
		lon: v.optional(v.union([v.literal(''), coordinate(-180, 180, () => m.api_lon())])),
		lat: v.optional(v.union([v.literal(''), coordinate(-90, 90, () => m.api_lat())])),
		village: v.optional(v.union([v.literal(''), NeedFields.village])),
		contact: v.optional(
			v.pipe(
				FreeText,
				v.maxLength(CONTACT_MAX, () => m.api_contact_long()),
				v.check(
					(c) => c === '' || EMAIL.test(c) || PHONE.test(c),
					() => m.api_contact_format()
				)
			),
			''
		),
		contact_consent: v.optional(v.union([v.boolean(), v.string()])),
		idempotency_key: v.pipe(
			FreeText,
			v.regex(/^[A-Za-z0-9_-]{8,128}$/, () => m.api_key())
		),
		// Honeypot: people never see it, bots fill it in.
		website: v.optional(v.string(), '')
	}),
	v.forward(
		v.check(
			(r) =>
				(r.lon !== undefined && r.lon !== '' && r.lat !== undefined && r.lat !== '') ||
				Boolean(r.village),
			() => m.api_place_missing()
		),
		['lat']
	),
	v.forward(
		v.check(
			(r) =>
				r.contact === '' ||
				r.contact_consent === true ||
				r.contact_consent === 'on' ||
				r.contact_consent === 'true',
			() => m.api_consent()
		),
		['contact_consent']
	)
);

export type ReportInput = v.InferOutput<typeof ReportSchema>;

export interface NormalizedReport {
	kind: NeedKind;
	category: string;
	title: string;
	description: string;
	lon: number | null;
	lat: number | null;
	village: string | null;
	contact_email: string | null;
	contact_phone: string | null;
	idempotency_key: string;
	honeypot: boolean;
}

export type Parsed =
	{ ok: true; report: NormalizedReport } | { ok: false; fields: Record<string, string> };

export function parseReport(raw: unknown): Parsed {
	const result = v.safeParse(ReportSchema, raw);
	if (!result.success) return { ok: false, fields: fieldErrors(result.issues) };
	const r = result.output;
	const hasPoint = typeof r.lon === 'number' && typeof r.lat === 'number';
	const contact = r.contact ?? '';
	return {
		ok: true,
		report: {
			kind: r.kind,
			category: r.category,
			title: r.title,
			description: r.description ?? '',
			lon: hasPoint ? (r.lon as number) : null,
			lat: hasPoint ? (r.lat as number) : null,
			village: hasPoint ? null : r.village || null,
			contact_email: contact.includes('@') ? contact : null,
			contact_phone:
				contact !== '' && !contact.includes('@') ? contact.replace(/[^+0-9]/g, '') : null,
			idempotency_key: r.idempotency_key,
			honeypot: (r.website ?? '') !== ''
		}
	};
}

/** Text fields of a FormData as a plain object (the photo is taken separately). */
export function formFields(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string' && !(key in out)) out[key] = value;
	return out;
}
