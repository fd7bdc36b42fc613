import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import type { ActivityFormValues } from '$lib/activities/types';
import { ACTIVITY_KINDS } from '../../vocab/activity-kind.ts';
import { ACTIVITY_GOALS, PROGRAMME_CATEGORIES } from '../../vocab/activity-programme.ts';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../vocab/activity-status.ts';
import { isUuid } from '../../uuid.ts';
import { FreeText, freeText, trimInvisible } from '$lib/text';
import { fieldErrors } from '../forms/field-errors.ts';
import { formText } from '../forms/text.ts';

export type { ActivityFormValues };

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 4000;

export function activityFormValues(form: FormData): ActivityFormValues {
	const one = (k: string) => trimInvisible(formText(form, k));
	const many = (k: string) =>
		form
			.getAll(k)
			.map((x) => trimInvisible(typeof x === 'string' ? x : ''))
			.filter(Boolean);
	return {
		title: one('title'),
		description: one('description'),
		kind: one('kind'),
		programme_category: one('programme_category'),
		goals: many('goals'),
		date: one('date'),
		start_time: one('start_time'),
		end_time: one('end_time'),
		locality: one('locality'),
		localities: many('localities'),
		venue_id: one('venue_id'),
		partners: many('partners'),
		needs: many('needs'),
		status: one('status') || ('planned' satisfies ActivityStatus),
		published: form.get('published') === 'on' || form.get('published') === 'true'
	};
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const SLUG = /^[a-z0-9-]{1,80}$/;

const Time = v.pipe(
	v.string(),
	v.regex(TIME, () => m.act_err_time())
);
const Village = v.pipe(
	v.string(),
	v.regex(SLUG, () => m.act_err_village())
);
/** The id of a venue, partner or need picked in the form; `message` names which. */
const uuid = (message: () => string) => v.pipe(v.string(), v.check(isUuid, message));

const Schema = v.object({
	title: v.pipe(
		FreeText,
		v.minLength(3, () => m.act_err_title_short()),
		v.maxLength(TITLE_MAX, () => m.act_err_title_long({ max: TITLE_MAX }))
	),
	description: v.pipe(
		FreeText,
		v.maxLength(DESCRIPTION_MAX, () => m.act_err_description_long({ max: DESCRIPTION_MAX }))
	),
	kind: v.picklist(ACTIVITY_KINDS, () => m.act_err_kind()),
	programme_category: v.picklist(PROGRAMME_CATEGORIES, () => m.act_err_category()),
	goals: v.array(v.picklist(ACTIVITY_GOALS, () => m.act_err_goal())),
	date: v.pipe(
		v.string(),
		v.regex(DATE, () => m.act_err_date()),
		v.check(
			(d) => !Number.isNaN(Date.parse(d)),
			() => m.act_err_date()
		)
	),
	start_time: Time,
	end_time: v.union([v.literal(''), Time]),
	locality: Village,
	localities: v.array(Village),
	venue_id: v.union([v.literal(''), uuid(() => m.act_err_venue())]),
	partners: v.array(uuid(() => m.act_err_partner())),
	needs: v.array(uuid(() => m.act_err_need())),
	status: v.picklist(ACTIVITY_STATUSES, () => m.act_err_status()),
	published: v.boolean()
});

export type ParsedActivity =
	{ ok: true; payload: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Validates the form and builds the save_activity payload (local Warsaw times, see SQL). */
export function parseActivity(values: ActivityFormValues, region: string): ParsedActivity {
	const result = v.safeParse(Schema, values);
	const errors: Record<string, string> = result.success
		? {}
		: fieldErrors(result.issues, { topLevel: true });
	if (values.end_time && TIME.test(values.start_time) && values.end_time < values.start_time) {
		errors.end_time ??= m.act_err_end_before_start();
	}
	if (!result.success || Object.keys(errors).length > 0) return { ok: false, errors };
	const a = result.output;
	return {
		ok: true,
		payload: {
			region,
			title: a.title,
			description: a.description,
			kind: a.kind,
			programme_category: a.programme_category,
			goals: [...new Set(a.goals)],
			starts_local: `${a.date}T${a.start_time}`,
			ends_local: a.end_time ? `${a.date}T${a.end_time}` : null,
			locality: a.locality,
			localities: [...new Set(a.localities)],
			venue_id: a.venue_id || null,
			partners: [...new Set(a.partners)],
			needs: [...new Set(a.needs)],
			status: a.status,
			published: a.published
		}
	};
}

export const VOLUNTEER_CONSENT_TEXT =
	'Zgadzam się na przetwarzanie mojego imienia i danych kontaktowych przez Centrum Usług Społecznych w Kramsku wyłącznie w celu organizacji tego działania. Dane nie są publikowane.';

const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,185}\.[^\s@<>]{2,}$/;
const PHONE = /^\+?[0-9 ()-]{9,20}$/;

export interface VolunteerValues {
	name: string;
	contact: string;
	consent: boolean;
}

/** A volunteer's sign-up: a name, an e-mail or phone, and the consent. */
export function parseVolunteer(form: FormData): {
	values: VolunteerValues;
	honeypot: boolean;
	errors: Record<string, string>;
} {
	const name = freeText(form.get('name'));
	const contact = trimInvisible(formText(form, 'contact'));
	const consent = form.get('consent') === 'on';
	const errors: Record<string, string> = {};
	if (name === null) errors.name = m.auth_text_nul();
	else if (name.length < 2 || name.length > 120) errors.name = m.act_err_volunteer_name();
	if (!(EMAIL.test(contact) || PHONE.test(contact)) || contact.length > 254)
		errors.contact = m.act_err_volunteer_contact();
	if (!consent) errors.consent = m.act_err_volunteer_consent();
	return {
		values: { name: name ?? '', contact, consent },
		honeypot: formText(form, 'website') !== '',
		errors
	};
}
