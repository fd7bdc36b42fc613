import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { getDatabase, getSecrets } from '$lib/server/db';
import { SESSION_TTL_SECONDS } from '$lib/server/auth/local';
import { linkRefusal, requireValidLink } from '$lib/server/auth/link-state';
import { newPassword } from '$lib/server/auth/password';
import { passwordResetState, resetPassword } from '$lib/server/auth/reset';
import { setSessionCookie } from '$lib/server/auth/session';
import { fieldErrors } from '$lib/server/forms/field-errors';
import { formText } from '$lib/server/forms/text';
import { SECRET_LINK_HEADERS } from '$lib/server/http/headers';
import type { Actions, PageServerLoad } from './$types';

// The link of a password reset mail (src/lib/server/auth/reset.ts). GET only shows the form, so a
// mail scanner opening the link uses nothing up; the form sets the password and signs in.

const MESSAGES = { expired: m.setup_reset_expired, unknown: m.setup_reset_unknown };

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders(SECRET_LINK_HEADERS);
	const state = await passwordResetState(
		await getDatabase(),
		(await getSecrets()).hmac,
		params.token
	);
	requireValidLink(state, MESSAGES);
	return {};
};

export const actions = {
	default: async ({ params, request, cookies }) => {
		const form = await request.formData();
		const parsed = v.safeParse(v.object({ password: newPassword() }), {
			password: formText(form, 'password')
		});
		if (!parsed.success) return fail(400, { errors: fieldErrors(parsed.issues) });
		const result = await resetPassword(
			await getDatabase(),
			(await getSecrets()).hmac,
			params.token,
			parsed.output.password
		);
		if (!result.ok) {
			const { status, message } = linkRefusal(result.state, MESSAGES);
			return fail(status, { message });
		}
		setSessionCookie(cookies, result.token, SESSION_TTL_SECONDS);
		redirect(303, route('/panel'));
	}
} satisfies Actions;
