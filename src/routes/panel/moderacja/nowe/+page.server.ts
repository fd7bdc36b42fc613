import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requirePermission } from '$lib/server/auth/permissions';
import { enterNeed } from '$lib/server/moderation/queries';
import { categories, villageSummaries } from '$lib/server/region/queries';
import { CONSENT_TEXT, NeedFields } from '$lib/server/reports/input';
import { EMAIL, PHONE } from '$lib/report/limits';
import { FreeText } from '$lib/text';
import { fieldErrors } from '$lib/server/forms/field-errors';
import { SQLSTATE } from '$lib/server/db/sqlstate';

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'moderate');
	return event.locals.db(async (tx) => ({
		categories: (await categories(tx)).need,
		villages: (await villageSummaries(tx, event.locals.region)).map((v) => ({
			slug: v.slug,
			name: v.name
		})),
		consentText: CONSENT_TEXT
	}));
};

const NO_ERRORS: Record<string, string> = {};
/** An optional contact field: empty, or text matching `pattern`. */
const contact = (pattern: RegExp) =>
	v.optional(
		v.pipe(
			FreeText,
			v.check(
				(c) => c === '' || pattern.test(c),
				() => m.api_contact_format()
			)
		),
		''
	);

// A need recorded for a resident who called or brought a paper form.
const Entry = v.pipe(
	v.object({
		...NeedFields,
		contact_email: contact(EMAIL),
		contact_phone: contact(PHONE),
		consent: v.optional(v.string()),
		publish: v.optional(v.string())
	}),
	v.forward(
		v.check(
			(e) => (!e.contact_email && !e.contact_phone) || e.consent === 'on',
			() => m.mod_assisted_consent_required()
		),
		['consent']
	)
);

export const actions = {
	default: async (event) => {
		requirePermission(event, 'moderate');
		const values = Object.fromEntries(await event.request.formData()) as Record<string, string>;
		const parsed = v.safeParse(Entry, values);
		if (!parsed.success) {
			const errors = fieldErrors(parsed.issues);
			return fail(400, { values, errors, message: m.mod_error_bad_form() });
		}
		const e = parsed.output;
		const hasContact = Boolean(e.contact_email || e.contact_phone);
		try {
			const created = await event.locals.db((tx) =>
				enterNeed(tx, {
					region: event.locals.region,
					kind: e.kind,
					category: e.category,
					title: e.title,
					description: e.description,
					village: e.village,
					publish: e.publish === 'on',
					contact_email: e.contact_email || null,
					contact_phone: e.contact_phone || null,
					consent_text: hasContact ? CONSENT_TEXT : null
				})
			);
			return { created };
		} catch (err) {
			const { code, message } = err as { code?: string; message?: string };
			if (code === SQLSTATE.insufficientPrivilege)
				return fail(403, { values, errors: NO_ERRORS, message: m.mod_error_forbidden() });
			if (code === SQLSTATE.unprocessable || code === SQLSTATE.checkViolation) {
				const field = message === 'unknown_category' ? 'category' : 'village';
				const errors: Record<string, string> = {
					[field]: field === 'category' ? m.api_category() : m.api_village()
				};
				return fail(422, {
					values,
					errors,
					message: m.mod_error_bad_form()
				});
			}
			throw err;
		}
	}
} satisfies Actions;
