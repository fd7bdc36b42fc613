import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { proxyCheck, proxyWarning } from './proxy.ts';

const DIRECT = { addressHeader: undefined, xffDepth: 1 };
const BEHIND = { addressHeader: 'x-forwarded-for', xffDepth: 1 };

const request = (headers: Record<string, string> = {}) =>
	({ request: new Request('http://localhost/', { headers }) }) as RequestEvent;

describe('proxyWarning', () => {
	it('warns, in Polish and English on one line, when a proxy header arrives without ADDRESS_HEADER', () => {
		const line = proxyWarning(new Headers({ 'x-forwarded-for': '203.0.113.7' }), DIRECT);
		expect(line).toMatch(/X-Forwarded-For.*ADDRESS_HEADER.*proxy.*\/ Warning: .*proxy's IP/);
		expect(line).not.toContain('\n');
		expect(proxyWarning(new Headers({ forwarded: 'for=203.0.113.7' }), DIRECT)).toContain(
			'Forwarded'
		);
		expect(proxyWarning(new Headers({ 'x-real-ip': '203.0.113.7' }), DIRECT)).toContain(
			'X-Real-IP'
		);
	});

	it('says nothing for a direct request, or when ADDRESS_HEADER is set', () => {
		expect(proxyWarning(new Headers(), DIRECT)).toBeNull();
		expect(proxyWarning(new Headers({ 'x-forwarded-for': '203.0.113.7' }), BEHIND)).toBeNull();
	});
});

describe('proxyCheck', () => {
	it('logs the warning once, on the first request that shows it, and always resolves', async () => {
		const lines: string[] = [];
		const handle = proxyCheck(
			() => DIRECT,
			(line) => lines.push(line)
		);
		const resolve = async () => new Response('ok');
		const requests: Record<string, string>[] = [
			{},
			{ 'x-forwarded-for': '198.51.100.1' },
			{ 'x-forwarded-for': 'b' }
		];
		for (const headers of requests) {
			const response = await handle({ event: request(headers), resolve });
			expect(await response.text()).toBe('ok');
		}
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('ADDRESS_HEADER');
	});

	it('never logs when the proxy setting is there', async () => {
		const lines: string[] = [];
		const handle = proxyCheck(
			() => BEHIND,
			(line) => lines.push(line)
		);
		await handle({
			event: request({ 'x-forwarded-for': '198.51.100.1' }),
			resolve: async () => new Response('ok')
		});
		expect(lines).toEqual([]);
	});
});
