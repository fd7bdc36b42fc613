import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { getDatabase, getEnv } from '$lib/server/db';
import { AccountExistsError, SESSION_TTL_SECONDS, startSession } from '$lib/server/auth/local';
import { linkRefusal, requireValidLink } from '$lib/server/auth/link-state';
import { newPassword, staffEmail } from '$lib/server/auth/password';
import { setSessionCookie } from '$lib/server/auth/session';
import { createFirstAdmin, SetupLinkError, setupTokenState } from '$lib/server/auth/setup';
import { fieldErrors } from '$lib/server/forms/field-errors';
import { formText } from '$lib/server/forms/text';
import { SECRET_LINK_HEADERS } from '$lib/server/http/headers';
import type { Actions, PageServerLoad } from './$types';

// The first admin, with the one-time link the server printed at start (src/lib/server/auth/setup.ts).
// Local accounts only: with Supabase Auth, accounts are made there (npm run user:create).

const MESSAGES = { expired: m.setup_link_expired, unknown: m.setup_link_unknown };

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders(SECRET_LINK_HEADERS);
	const state = getEnv().supabase?.anonKey
		? 'unknown'
		: await setupTokenState(await getDatabase(), params.token);
	requireValidLink(state, MESSAGES);
	return {};
};

export const actions = {
	default: async ({ params, request, cookies }) => {
		if (getEnv().supabase?.anonKey) return fail(404, { message: m.setup_link_unknown() });
		const form = await request.formData();
		const values = { email: formText(form, 'email') };
		const parsed = v.safeParse(v.object({ email: staffEmail(), password: newPassword() }), {
			...values,
			password: formText(form, 'password')
		});
		// The password never comes back to the page; the e-mail does.
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		const db = await getDatabase();
		let id: string;
		try {
			id = await createFirstAdmin(db, params.token, parsed.output);
		} catch (e) {
			if (e instanceof SetupLinkError) {
				const { status, message } = linkRefusal(e.state, MESSAGES);
				return fail(status, { values, message });
			}
			if (e instanceof AccountExistsError)
				return fail(409, { values, message: m.users_error_exists() });
			throw e;
		}
		const session = await startSession(db, id);
		setSessionCookie(cookies, session.token, SESSION_TTL_SECONDS);
		redirect(303, route('/panel'));
	}
} satisfies Actions;
