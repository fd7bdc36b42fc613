import type { Cookies } from '@sveltejs/kit';
import { ANON, type Claims, type Database } from '../db/types.ts';
import type { SessionUser } from './permissions.ts';
import { sessionUser } from './local.ts';
import { supabaseKey, verifySupabaseToken, type SupabaseKey } from './jwt.ts';
import { supabaseForRequest, type SupabaseAuthConfig } from './supabase.ts';
import type { StaffRole } from '../../types.ts';

/** The local-mode session cookie: httpOnly, SameSite=Lax, Secure (except on http://localhost). */
export const SESSION_COOKIE = 'mz_session';

export interface RequestAuth {
	claims: Claims;
	user: SessionUser | null;
}

/** Supabase-shaped claims for a local account, so RLS sees the same thing in both modes. */
export function localClaims(user: SessionUser): Claims {
	return {
		role: 'authenticated',
		aud: 'authenticated',
		sub: user.id,
		email: user.email,
		app_metadata: { role: user.role ?? undefined }
	};
}

export function setSessionCookie(cookies: Cookies, token: string, maxAge: number): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', maxAge });
}

let keyCache: { url: string; key: SupabaseKey } | undefined;

/** Who is asking: a local session, a verified Supabase session, or nobody (anon). */
export async function resolveAuth(
	db: Database,
	cookies: Cookies,
	supabase: (SupabaseAuthConfig & { jwtSecret?: string }) | undefined
): Promise<RequestAuth> {
	if (supabase) {
		const client = supabaseForRequest(supabase, cookies);
		const { data } = await client.auth.getSession();
		const token = data.session?.access_token;
		if (!token) return { claims: ANON, user: null };
		if (keyCache?.url !== supabase.url)
			keyCache = { url: supabase.url, key: supabaseKey(supabase.url, supabase.jwtSecret) };
		const verified = await verifySupabaseToken(token, keyCache.key, supabase.url);
		if (!verified.ok) return { claims: ANON, user: null };
		// The staff role as RLS sees it: a profiles row (admin-managed) or app_metadata.
		const [row] = await db.asUser(verified.claims, (tx) =>
			tx.query<{ role: StaffRole | null }>('select private.app_role() as role')
		);
		const claims = verified.claims;
		return {
			claims,
			user: { id: String(claims.sub), email: claims.email ?? '', role: row?.role ?? null }
		};
	}
	const token = cookies.get(SESSION_COOKIE);
	if (!token) return { claims: ANON, user: null };
	const user = await sessionUser(db, token);
	if (!user) return { claims: ANON, user: null };
	return { claims: localClaims(user), user };
}
