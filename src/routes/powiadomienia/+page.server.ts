import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { SQLSTATE, retryAfterOf, sqlstateOf } from '$lib/server/db/sqlstate';
import { requestContext } from '$lib/server/guard/context';
import { refusedAsUntrusted } from '$lib/server/guard/refused';
import { pokeMailer } from '$lib/server/mail/mailer';
import { parseSubscribeForm, requestSubscription } from '$lib/server/mail/subscribe';
import { villageSummaries } from '$lib/server/region/queries';
import { formText } from '$lib/server/forms/text';

const NO_ERRORS: Record<string, string> = {};

// "Powiadomienia z mojej wsi": a daily e-mail digest of new public needs and activities in one
// village (?wies= preselects it) or the whole gmina. Double opt-in, as for following a need.
export const load: PageServerLoad = async ({ locals, url }) => {
	const villages = await locals.db((tx) => villageSummaries(tx, locals.region));
	const wies = url.searchParams.get('wies');
	return {
		villages: villages.map((v) => ({ slug: v.slug, name: v.name })),
		selected: villages.some((v) => v.slug === wies) ? wies : ''
	};
};

export const actions = {
	default: async (event) => {
		const { request, locals } = event;
		const form = await request.formData();
		const { values, honeypot, errors } = parseSubscribeForm(form);
		const village = formText(form, 'wies') || null;
		const all = { ...values, wies: village ?? '' };
		if (honeypot) return fail(400, { values: all, errors: NO_ERRORS, message: m.api_honeypot() });
		if (village !== null && !/^[a-z0-9-]{1,80}$/.test(village))
			errors.wies = m.follow_err_village();
		if (Object.keys(errors).length > 0) return fail(422, { values: all, errors, message: '' });
		const ctx = await requestContext(event, 'issue');
		try {
			await locals.db((tx) =>
				requestSubscription(tx, {
					region: locals.region,
					village,
					email: values.email,
					locale: getLocale(),
					ctx
				})
			);
		} catch (e) {
			const code = sqlstateOf(e);
			if (code === SQLSTATE.rateLimited) {
				const minutes = Math.ceil(retryAfterOf(e) / 60);
				return fail(429, {
					values: all,
					errors: NO_ERRORS,
					message: m.api_rate_limited({ minutes })
				});
			}
			if (code === SQLSTATE.invalidParameterValue) {
				return fail(422, { values: all, errors: { wies: m.follow_err_village() }, message: '' });
			}
			if (refusedAsUntrusted(e, 'private.follow_request')) {
				return fail(503, { values: all, errors: NO_ERRORS, message: m.guard_unavailable() });
			}
			throw e;
		}
		pokeMailer();
		return { requested: true };
	}
} satisfies Actions;
