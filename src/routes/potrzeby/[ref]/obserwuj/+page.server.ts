import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { SQLSTATE, retryAfterOf, sqlstateOf } from '$lib/server/db/sqlstate';
import { requestContext } from '$lib/server/guard/context';
import { refusedAsUntrusted } from '$lib/server/guard/refused';
import { paramMatching, readOr404 } from '$lib/server/http/found';
import { pokeMailer } from '$lib/server/mail/mailer';
import {
	NEED_REF,
	parseSubscribeForm,
	publicNeedByRef,
	requestSubscription
} from '$lib/server/mail/subscribe';

const NO_ERRORS: Record<string, string> = {};

// "Obserwuj": a resident leaves an e-mail address to hear when this public need changes status
// or gets an official reply. Double opt-in: only the confirmation link (/obserwuj/<token>) makes
// the subscription count. Unpublished, hidden and unknown needs give 404.
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
	const need = await readOr404(
		locals,
		paramMatching(NEED_REF, params.ref),
		publicNeedByRef,
		m.follow_need_not_found()
	);
	setHeaders({ 'x-robots-tag': 'noindex' });
	return { need };
};

export const actions = {
	default: async (event) => {
		const { params, request, locals } = event;
		if (!NEED_REF.test(params.ref)) error(404, m.follow_need_not_found());
		const { values, honeypot, errors } = parseSubscribeForm(await request.formData());
		if (honeypot) return fail(400, { values, errors: NO_ERRORS, message: m.api_honeypot() });
		if (Object.keys(errors).length > 0) return fail(422, { values, errors, message: '' });
		const ctx = await requestContext(event, 'issue');
		try {
			await locals.db((tx) =>
				requestSubscription(tx, { ref: params.ref, email: values.email, locale: getLocale(), ctx })
			);
		} catch (e) {
			const code = sqlstateOf(e);
			if (code === SQLSTATE.rateLimited) {
				const minutes = Math.ceil(retryAfterOf(e) / 60);
				return fail(429, { values, errors: NO_ERRORS, message: m.api_rate_limited({ minutes }) });
			}
			if (code === SQLSTATE.invalidParameterValue) error(404, m.follow_need_not_found());
			if (refusedAsUntrusted(e, 'private.follow_request')) {
				return fail(503, { values, errors: NO_ERRORS, message: m.guard_unavailable() });
			}
			throw e;
		}
		pokeMailer();
		return { requested: true };
	}
} satisfies Actions;
