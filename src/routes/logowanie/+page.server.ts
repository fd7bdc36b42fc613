import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { getEnv, getDatabase, getSecrets } from '$lib/server/db';
import { SESSION_TTL_SECONDS, loginLocal } from '$lib/server/auth/local';
import { safeNext } from '$lib/server/auth/next';
import { can } from '$lib/server/auth/permissions';
import { setSessionCookie } from '$lib/server/auth/session';
import { supabaseForRequest } from '$lib/server/auth/supabase';
import type { Actions, PageServerLoad } from './$types';
import { formText } from '$lib/server/forms/text';

function supabaseAuth() {
	const s = getEnv().supabase;
	return s?.anonKey ? { url: s.url, anonKey: s.anonKey } : undefined;
}

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'), route('/panel'));
	if (can(locals.user, 'read_panel')) redirect(303, next);
	return {
		next,
		mode: supabaseAuth() ? ('supabase' as const) : ('local' as const),
		signedInWithoutRole: locals.user !== null && !can(locals.user, 'read_panel'),
		linkSent: url.searchParams.has('wyslano')
	};
};

const Credentials = v.object({
	email: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.email(), v.maxLength(254)),
	password: v.pipe(v.string(), v.nonEmpty(), v.maxLength(1024))
});

export const actions = {
	/** E-mail + password: local accounts, or Supabase Auth's password sign-in. */
	password: async (event) => {
		const form = await event.request.formData();
		const email = formText(form, 'email');
		const next = safeNext(formText(form, 'next'), route('/panel'));
		const parsed = v.safeParse(Credentials, {
			email,
			password: formText(form, 'password')
		});
		// The password never comes back to the page; the e-mail does, so nothing typed is lost.
		if (!parsed.success) return fail(400, { email, message: m.login_error_missing() });
		const supabase = supabaseAuth();
		if (supabase) {
			const client = supabaseForRequest(supabase, event.cookies);
			const { error } = await client.auth.signInWithPassword(parsed.output);
			if (error) return fail(400, { email, message: m.login_error_invalid() });
			redirect(303, next);
		}
		const result = await loginLocal(await getDatabase(), (await getSecrets()).hmac, {
			...parsed.output,
			ip: event.getClientAddress()
		});
		if (!result.ok && result.reason === 'throttled') {
			// 429 Too Many Requests with Retry-After (RFC 6585 §4, RFC 9110 §10.2.3); the page says
			// how long to wait, in whole seconds or rounded-up minutes.
			event.setHeaders({ 'retry-after': String(result.retryAfter) });
			const message =
				result.retryAfter < 60
					? m.auth_login_throttled_seconds({ seconds: result.retryAfter })
					: m.auth_login_throttled_minutes({ minutes: Math.ceil(result.retryAfter / 60) });
			return fail(429, { email, message });
		}
		if (!result.ok) return fail(400, { email, message: m.login_error_invalid() });
		setSessionCookie(event.cookies, result.token, SESSION_TTL_SECONDS);
		redirect(303, next);
	},
	/** Supabase mode only: a one-time link or code by e-mail (OTP / magic link). */
	link: async (event) => {
		const form = await event.request.formData();
		const email = formText(form, 'email');
		const next = safeNext(formText(form, 'next'), route('/panel'));
		const supabase = supabaseAuth();
		const parsed = v.safeParse(Credentials.entries.email, email);
		if (!supabase) return fail(400, { email, message: m.login_error_link_unavailable() });
		if (!parsed.success) return fail(400, { email, message: m.login_error_missing() });
		const client = supabaseForRequest(supabase, event.cookies);
		const redirectTo = new URL('/auth/potwierdz', event.url);
		redirectTo.searchParams.set('next', next);
		const { error } = await client.auth.signInWithOtp({
			email: parsed.output,
			options: { shouldCreateUser: false, emailRedirectTo: redirectTo.toString() }
		});
		if (error) return fail(400, { email, message: m.login_error_link_failed() });
		redirect(303, route(`/logowanie?wyslano&next=${encodeURIComponent(next)}`));
	}
} satisfies Actions;
