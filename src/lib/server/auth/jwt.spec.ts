import { generateKeyPair, SignJWT, exportJWK, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifySupabaseToken, type SupabaseKey } from './jwt.ts';

// In Supabase mode the server verifies the access token before trusting it. Tokens are
// signed here with Supabase's claim shape (iss …/auth/v1, aud authenticated, role, app_metadata).

const PROJECT = 'https://abcdefgh.supabase.co';
const SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';
const key: SupabaseKey = { kind: 'secret', secret: new TextEncoder().encode(SECRET) };

function supabaseToken(
	over: Record<string, unknown> = {},
	expiresIn = '1h',
	header: { alg: string; kid?: string } = { alg: 'HS256' }
) {
	return new SignJWT({
		aud: 'authenticated',
		role: 'authenticated',
		email: 'ala@kramsk.test',
		app_metadata: { provider: 'email', providers: ['email'], role: 'organizer' },
		user_metadata: {},
		aal: 'aal1',
		session_id: '6f5c2a7e-0000-4000-8000-000000000001',
		...over
	})
		.setProtectedHeader({ ...header, typ: 'JWT' })
		.setSubject('11111111-2222-4333-8444-555555555555')
		.setIssuer(`${PROJECT}/auth/v1`)
		.setIssuedAt()
		.setExpirationTime(expiresIn);
}

describe('verifySupabaseToken', () => {
	it('accepts a valid token and keeps its claims for RLS', async () => {
		const token = await supabaseToken().sign(new TextEncoder().encode(SECRET));
		const result = await verifySupabaseToken(token, key, PROJECT);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.claims).toMatchObject({
			role: 'authenticated',
			sub: '11111111-2222-4333-8444-555555555555',
			email: 'ala@kramsk.test',
			app_metadata: { role: 'organizer' }
		});
	});

	it('refuses an expired token', async () => {
		const token = await supabaseToken({}, '-10s').sign(new TextEncoder().encode(SECRET));
		expect(await verifySupabaseToken(token, key, PROJECT)).toEqual({
			ok: false,
			reason: 'expired'
		});
	});

	it('refuses a token signed with another secret', async () => {
		const token = await supabaseToken().sign(
			new TextEncoder().encode('another-secret-that-is-also-32-chars-long!!')
		);
		expect(await verifySupabaseToken(token, key, PROJECT)).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});

	it('refuses a token without the authenticated role (e.g. the anon key) or without a subject', async () => {
		for (const over of [{ role: undefined }, { role: 'anon' }, { role: 'service_role' }]) {
			const token = await supabaseToken(over).sign(new TextEncoder().encode(SECRET));
			expect(await verifySupabaseToken(token, key, PROJECT)).toEqual({
				ok: false,
				reason: 'no_role'
			});
		}
	});

	it('refuses another project or audience', async () => {
		const other = await supabaseToken()
			.setIssuer('https://other.supabase.co/auth/v1')
			.sign(new TextEncoder().encode(SECRET));
		expect((await verifySupabaseToken(other, key, PROJECT)).ok).toBe(false);
		const aud = await supabaseToken({ aud: 'anon' }).sign(new TextEncoder().encode(SECRET));
		expect(await verifySupabaseToken(aud, key, PROJECT)).toEqual({
			ok: false,
			reason: 'wrong_audience'
		});
	});

	it('keeps a token without a staff role as "authenticated without role"', async () => {
		const token = await supabaseToken({ app_metadata: { provider: 'email' } }).sign(
			new TextEncoder().encode(SECRET)
		);
		const result = await verifySupabaseToken(token, key, PROJECT);
		expect(result.ok && result.claims.app_metadata?.role).toBeUndefined();
		const forged = await supabaseToken({ app_metadata: { role: 'superuser' } }).sign(
			new TextEncoder().encode(SECRET)
		);
		const r2 = await verifySupabaseToken(forged, key, PROJECT);
		expect(r2.ok && r2.claims.app_metadata?.role).toBeUndefined();
	});

	it('verifies asymmetric (ES256) tokens against the project JWKS', async () => {
		const { privateKey, publicKey } = await generateKeyPair('ES256');
		const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
		const jwks: SupabaseKey = { kind: 'jwks', getKey: createLocalJWKSet({ keys: [jwk] }) };
		const sign = (k: CryptoKey) => supabaseToken({}, '1h', { alg: 'ES256', kid: 'k1' }).sign(k);
		expect((await verifySupabaseToken(await sign(privateKey), jwks, PROJECT)).ok).toBe(true);
		const stranger = await generateKeyPair('ES256');
		expect(await verifySupabaseToken(await sign(stranger.privateKey), jwks, PROJECT)).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});
});
