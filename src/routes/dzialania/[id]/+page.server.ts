import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { parseVolunteer, VOLUNTEER_CONSENT_TEXT } from '$lib/server/activities/input';
import { publicActivity, volunteerSignup } from '$lib/server/activities/queries';
import { requestContext } from '$lib/server/guard/context';
import { refusedAsUntrusted } from '$lib/server/guard/refused';
import { isUuid, UUID_ANY_CASE } from '$lib/uuid';
import { paramMatching, readOr404 } from '$lib/server/http/found';
import { SQLSTATE, retryAfterOf, sqlstateOf } from '$lib/server/db/sqlstate';

const NO_ERRORS: Record<string, string> = {};

export const load: PageServerLoad = async ({ locals, params }) => {
	const activity = await readOr404(
		locals,
		paramMatching(UUID_ANY_CASE, params.id),
		publicActivity,
		m.act_not_found()
	);
	return { activity };
};

export const actions = {
	// Volunteer sign-up: no account; the contact goes to a table only
	// organizers read, through private.volunteer_signup, which takes the slots of this browser and
	// network itself (scopes volunteer_device and volunteer_ip of private.rate_rules).
	volunteer: async (event) => {
		const { params, request, locals } = event;
		if (!isUuid(params.id)) error(404, m.act_not_found());
		const form = await request.formData();
		const { values, honeypot, errors } = parseVolunteer(form);
		if (honeypot) return fail(400, { values, errors: NO_ERRORS, message: m.api_honeypot() });
		if (Object.keys(errors).length > 0) return fail(422, { values, errors, message: '' });
		const ctx = await requestContext(event, 'issue');
		try {
			await locals.db((tx) =>
				volunteerSignup(tx, {
					activity_id: params.id,
					name: values.name,
					contact: values.contact,
					consent_text: VOLUNTEER_CONSENT_TEXT,
					ctx
				})
			);
		} catch (e) {
			const code = sqlstateOf(e);
			if (code === SQLSTATE.rateLimited) {
				const minutes = Math.ceil(retryAfterOf(e) / 60);
				return fail(429, { values, errors: NO_ERRORS, message: m.api_rate_limited({ minutes }) });
			}
			if (code === SQLSTATE.notFound) {
				return fail(409, { values, errors: NO_ERRORS, message: m.act_volunteer_closed() });
			}
			if (refusedAsUntrusted(e, 'private.volunteer_signup')) {
				return fail(503, { values, errors: NO_ERRORS, message: m.guard_unavailable() });
			}
			throw e;
		}
		return { signedUp: true };
	}
} satisfies Actions;
