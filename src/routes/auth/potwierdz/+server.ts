import { error, redirect } from '@sveltejs/kit';
import { getEnv } from '$lib/server/db';
import { safeNext } from '$lib/server/auth/next';
import { supabaseForRequest } from '$lib/server/auth/supabase';
import type { RequestHandler } from './$types';

const OTP_TYPES = new Set(['email', 'magiclink', 'recovery', 'invite', 'signup', 'email_change']);

/** The target of Supabase's e-mail link (token_hash flow): exchanges it for a session cookie. */
export const GET: RequestHandler = async ({ url, cookies }) => {
	const s = getEnv().supabase;
	const tokenHash = url.searchParams.get('token_hash');
	const type = url.searchParams.get('type') ?? 'email';
	if (!s?.anonKey || !tokenHash || !OTP_TYPES.has(type))
		error(400, 'Nieprawidłowy link logowania.');
	const client = supabaseForRequest({ url: s.url, anonKey: s.anonKey }, cookies);
	const { error: failure } = await client.auth.verifyOtp({
		token_hash: tokenHash,
		type
	});
	if (failure) error(400, 'Link logowania wygasł albo został już użyty.');
	redirect(303, safeNext(url.searchParams.get('next')));
};
