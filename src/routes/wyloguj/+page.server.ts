import { redirect } from '@sveltejs/kit';
import { route } from '$lib/routes';
import { getDatabase, getEnv } from '$lib/server/db';
import { logoutLocal } from '$lib/server/auth/local';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { supabaseForRequest } from '$lib/server/auth/supabase';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (the panel's button); a GET only shows the page.
export const load: PageServerLoad = ({ locals }) => ({ signedIn: locals.user !== null });

export const actions = {
	default: async ({ cookies }) => {
		const s = getEnv().supabase;
		if (s?.anonKey) {
			await supabaseForRequest({ url: s.url, anonKey: s.anonKey }, cookies).auth.signOut();
		}
		const token = cookies.get(SESSION_COOKIE);
		if (token) await logoutLocal(await getDatabase(), token);
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, route('/logowanie?wylogowano'));
	}
} satisfies Actions;
