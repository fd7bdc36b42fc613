import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS_POLICY, handleSecurityHeaders, withSecurityHeaders } from './headers.ts';

/** The Permissions-Policy header as feature → allowlist. */
const policy = (header: string) =>
	Object.fromEntries(header.split(/,\s*/).map((item) => item.split('=') as [string, string]));

describe('security headers', () => {
	it('adds nosniff, the referrer policy and the permissions policy to a response', () => {
		const response = withSecurityHeaders(new Response('x', { status: 201 }));
		expect(response.status).toBe(201);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(response.headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY);
	});

	it('allows geolocation (and fullscreen for the presentation) to the app only, nothing else', () => {
		const features = policy(PERMISSIONS_POLICY);
		expect(features.geolocation).toBe('(self)');
		expect(features.camera).toBe('()');
		expect(features.microphone).toBe('()');
		expect(features.payment).toBe('()');
		const allowed = Object.entries(features).filter(([, list]) => list !== '()');
		expect(allowed.map(([name]) => name).sort()).toEqual(['fullscreen', 'geolocation']);
		expect(allowed.every(([, list]) => list === '(self)')).toBe(true);
	});

	it('keeps a header the response sets itself', () => {
		const response = withSecurityHeaders(
			new Response('x', { headers: { 'referrer-policy': 'no-referrer' } })
		);
		expect(response.headers.get('referrer-policy')).toBe('no-referrer');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('copies a response whose headers are immutable (a redirect), keeping status and location', async () => {
		const original = Response.redirect('https://mapa.kramsk.test/panel', 303);
		expect(() => original.headers.set('x-test', '1')).toThrow();
		const response = withSecurityHeaders(original);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('https://mapa.kramsk.test/panel');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
	});

	it('the handle adds them to whatever the app resolves to', async () => {
		const event = {} as RequestEvent;
		const response = await handleSecurityHeaders({
			event,
			resolve: async () => new Response('{"error":"x"}', { status: 404 })
		});
		expect(response.status).toBe(404);
		expect(await response.text()).toBe('{"error":"x"}');
		expect(response.headers.get('permissions-policy')).toContain('geolocation=(self)');
	});
});
