import { describe, expect, it } from 'vitest';
import {
	RETRY_AFTER_SECONDS,
	finishUnavailable,
	markUnavailable,
	unavailableResponse
} from './unavailable.ts';

function event(path: string, headers: Record<string, string> = {}, isDataRequest = false) {
	const url = new URL(`http://localhost${path}`);
	return { url, request: new Request(url, { headers }), isDataRequest };
}

describe('503 while the database is unreachable', () => {
	it('answers the API with JSON {error} and Retry-After', async () => {
		const res = unavailableResponse(event('/api/needs', { accept: 'text/html' }));
		expect(res.status).toBe(503);
		expect(res.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = (await res.json()) as { error: string };
		expect(body.error).toMatch(/chwilowo niedostępna/);
	});

	it('answers a browser with the error page (src/error.html), message escaped', async () => {
		const res = unavailableResponse(event('/diagnoza', { accept: 'text/html,*/*' }));
		expect(res.status).toBe(503);
		expect(res.headers.get('content-type')).toContain('text/html');
		const html = await res.text();
		expect(html).toContain('<html lang="pl">');
		expect(html).toContain('Baza danych jest chwilowo niedostępna');
		expect(html).toContain('503');
		expect(html).not.toContain('%sveltekit');
	});

	it('rewrites only responses of requests that met the outage', async () => {
		const clean = event('/api/needs.geojson');
		const ok = new Response('{}', { status: 500 });
		expect(finishUnavailable(clean, ok)).toBe(ok);

		const api = event('/api/needs.geojson');
		markUnavailable(api);
		const fixed = finishUnavailable(api, new Response('{"message":"x"}', { status: 503 }));
		expect(fixed.status).toBe(503);
		expect(await fixed.json()).toHaveProperty('error');

		const page = event('/', { accept: 'text/html' });
		markUnavailable(page);
		const unexpected = finishUnavailable(page, new Response('Internal Error', { status: 500 }));
		expect(unexpected.status).toBe(503);
		expect(await unexpected.text()).toContain('chwilowo niedostępna');

		// SvelteKit's own error page (503 already) keeps its body and gains Retry-After.
		const rendered = finishUnavailable(page, new Response('<p>kit</p>', { status: 503 }));
		expect(await rendered.text()).toBe('<p>kit</p>');
		expect(rendered.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));

		// Client-side navigation data keeps SvelteKit's JSON shape, with status 503.
		const data = event('/__data.json', {}, true);
		markUnavailable(data);
		const nav = finishUnavailable(data, new Response('{"type":"error"}', { status: 500 }));
		expect(nav.status).toBe(503);
		expect(await nav.text()).toBe('{"type":"error"}');

		// A request that handled the outage itself (status below 500) is left alone.
		const handled = new Response('ok', { status: 200 });
		expect(finishUnavailable(page, handled)).toBe(handled);
	});
});
