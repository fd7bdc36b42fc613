import { createServerClient } from '@supabase/ssr';
import type { Cookies } from '@sveltejs/kit';

/** Supabase mode is on when the project URL and its anon (publishable) key are set. */
export interface SupabaseAuthConfig {
	url: string;
	anonKey: string;
}

/**
 * A per-request Supabase client whose session lives in cookies (@supabase/ssr). Used for the
 * sign-in flows and to read the session; the access token is then verified by verifySupabaseToken
 * before its claims reach the database.
 */
export function supabaseForRequest(config: SupabaseAuthConfig, cookies: Cookies) {
	return createServerClient(config.url, config.anonKey, {
		cookies: {
			getAll: () => cookies.getAll(),
			setAll: (list) =>
				list.forEach(({ name, value, options }) =>
					cookies.set(name, value, { ...options, path: '/', httpOnly: true, sameSite: 'lax' })
				)
		}
	});
}
