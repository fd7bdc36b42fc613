import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isStaffRole } from '../../roles.ts';
import type { Claims } from '../db/types.ts';

/**
 * How the server checks a Supabase access token before trusting it: with the
 * project's JWT secret (HS256, legacy projects) or the project's public JWKS (asymmetric keys).
 */
export type SupabaseKey =
	{ kind: 'secret'; secret: Uint8Array } | { kind: 'jwks'; getKey: JWTVerifyGetKey };

export function supabaseKey(projectUrl: string, jwtSecret: string | undefined): SupabaseKey {
	if (jwtSecret) return { kind: 'secret', secret: new TextEncoder().encode(jwtSecret) };
	const jwks = new URL('/auth/v1/.well-known/jwks.json', projectUrl);
	return { kind: 'jwks', getKey: createRemoteJWKSet(jwks) };
}

export type VerifyFailure = 'expired' | 'invalid' | 'no_role' | 'wrong_audience';

export type VerifyResult = { ok: true; claims: Claims } | { ok: false; reason: VerifyFailure };

/**
 * Verifies signature, expiry, issuer and audience, and requires Supabase's `role` claim to be
 * `authenticated`: a token without it (or an anon/service_role key) never becomes a session.
 */
export async function verifySupabaseToken(
	token: string,
	key: SupabaseKey,
	projectUrl: string
): Promise<VerifyResult> {
	let payload: JWTPayload;
	try {
		const options = {
			issuer: new URL('/auth/v1', projectUrl).toString(),
			audience: 'authenticated',
			algorithms: key.kind === 'secret' ? ['HS256'] : ['RS256', 'ES256', 'EdDSA']
		};
		const result =
			key.kind === 'secret'
				? await jwtVerify(token, key.secret, options)
				: await jwtVerify(token, key.getKey, options);
		payload = result.payload;
	} catch (e) {
		if (e instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
		if (e instanceof errors.JWTClaimValidationFailed && e.claim === 'aud')
			return { ok: false, reason: 'wrong_audience' };
		return { ok: false, reason: 'invalid' };
	}
	if (payload.role !== 'authenticated' || typeof payload.sub !== 'string')
		return { ok: false, reason: 'no_role' };
	const appMetadata = payload.app_metadata as Claims['app_metadata'] | undefined;
	const staffRole = appMetadata?.role;
	return {
		ok: true,
		claims: {
			...payload,
			role: 'authenticated',
			sub: payload.sub,
			email: typeof payload.email === 'string' ? payload.email : undefined,
			app_metadata: isStaffRole(staffRole)
				? { ...appMetadata, role: staffRole }
				: { ...appMetadata, role: undefined }
		}
	};
}
