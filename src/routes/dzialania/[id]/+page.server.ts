import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { getEnv, getSecrets } from '$lib/server/db';
import { parseVolunteer, VOLUNTEER_CONSENT_TEXT } from '$lib/server/activities/input';
import { isUuid, publicActivity, volunteerSignup } from '$lib/server/activities/queries';
import { deviceHash, ipHash } from '$lib/server/reports/tokens';

const NO_ERRORS: Record<string, string> = {};

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!isUuid(params.id)) error(404, m.act_not_found());
	const activity = await locals.db((tx) => publicActivity(tx, params.id));
	if (!activity) error(404, m.act_not_found());
	return { activity };
};

export const actions = {
	// Volunteer sign-up (issue #4, item 5): no account; the contact goes to a table only
	// organizers read, through private.volunteer_signup with the report rate limits.
	volunteer: async (event) => {
		const { params, request, locals } = event;
		if (!isUuid(params.id)) error(404, m.act_not_found());
		const form = await request.formData();
		const { values, honeypot, errors } = parseVolunteer(form);
		if (honeypot) return fail(400, { values, errors: NO_ERRORS, message: m.api_honeypot() });
		if (Object.keys(errors).length > 0) return fail(422, { values, errors, message: '' });
		const { hmac: secret } = await getSecrets();
		const buckets = [deviceHash(event.cookies, secret), ipHash(secret, event.getClientAddress())];
		try {
			await locals.db((tx) =>
				volunteerSignup(tx, {
					activity_id: params.id,
					name: values.name,
					contact: values.contact,
					consent_text: VOLUNTEER_CONSENT_TEXT,
					rate_buckets: buckets.map((b) => `volunteer:${b}`),
					rate_limits: getEnv().reportLimits
				})
			);
		} catch (e) {
			const { code, detail } = e as { code?: string; detail?: string };
			if (code === 'MZ429') {
				const minutes = Math.ceil((Number(detail) || 60) / 60);
				return fail(429, { values, errors: NO_ERRORS, message: m.api_rate_limited({ minutes }) });
			}
			if (code === 'MZ404') {
				return fail(409, { values, errors: NO_ERRORS, message: m.act_volunteer_closed() });
			}
			throw e;
		}
		return { signedUp: true };
	}
} satisfies Actions;
