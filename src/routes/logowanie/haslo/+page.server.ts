import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { getDatabase, getEnv, getSecrets } from '$lib/server/db';
import { staffEmail } from '$lib/server/auth/password';
import { requestPasswordReset } from '$lib/server/auth/reset';
import { pokeMailer } from '$lib/server/mail/mailer';
import { fieldErrors } from '$lib/server/forms/field-errors';
import { formText } from '$lib/server/forms/text';
import type { Actions, PageServerLoad } from './$types';

// "Nie pamiętasz hasła?": local accounts only (Supabase Auth sends its own sign-in links).
export const load: PageServerLoad = () => ({ available: !getEnv().supabase?.anonKey });

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = { email: formText(form, 'email') };
		if (getEnv().supabase?.anonKey)
			return fail(404, { values, message: m.login_error_link_unavailable() });
		const parsed = v.safeParse(v.object({ email: staffEmail() }), values);
		if (!parsed.success) return fail(400, { values, errors: fieldErrors(parsed.issues) });
		const result = await requestPasswordReset(await getDatabase(), (await getSecrets()).hmac, {
			email: parsed.output.email,
			ip: event.getClientAddress(),
			locale: getLocale()
		});
		if (!result.ok) {
			// 429 with Retry-After (RFC 6585 §4): the network asked too often, whatever the address.
			event.setHeaders({ 'retry-after': String(result.retryAfter) });
			return fail(429, {
				values,
				message: m.setup_forgot_throttled({ minutes: Math.ceil(result.retryAfter / 60) })
			});
		}
		pokeMailer();
		// The same answer whether or not the address has an account (OWASP Forgot Password Cheat
		// Sheet: no account enumeration); the address is not shown back either.
		return { sent: true };
	}
} satisfies Actions;
