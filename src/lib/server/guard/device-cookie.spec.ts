import { describe, expect, it } from 'vitest';
import { isPageLoad } from './device-cookie.ts';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function event(
	path: string,
	{
		method = 'GET',
		accept = HTML,
		route = '/',
		isDataRequest = false
	}: { method?: string; accept?: string; route?: string | null; isDataRequest?: boolean } = {}
) {
	const url = new URL(path, 'http://127.0.0.1:4260');
	return {
		request: new Request(url, { method, headers: { accept } }),
		url,
		route: { id: route },
		isDataRequest
	};
}

describe('isPageLoad', () => {
	it('is true for a browser navigation to a page of the app', () => {
		expect(isPageLoad(event('/'))).toBe(true);
		expect(isPageLoad(event('/zglos', { route: '/zglos' }))).toBe(true);
		expect(isPageLoad(event('/en/zglos', { route: '/zglos' }))).toBe(true);
	});

	it('is false for the API, data requests, assets, probes, unknown paths and non-GET requests', () => {
		expect(isPageLoad(event('/api/needs.geojson', { route: '/api/needs.geojson' }))).toBe(false);
		expect(isPageLoad(event('/api', { route: '/api' }))).toBe(false);
		expect(isPageLoad(event('/zglos/__data.json', { isDataRequest: true }))).toBe(false);
		expect(isPageLoad(event('/_app/immutable/x.js', { route: null }))).toBe(false);
		expect(isPageLoad(event('/healthz', { route: '/healthz' }))).toBe(false);
		expect(isPageLoad(event('/readyz', { route: '/readyz' }))).toBe(false);
		expect(isPageLoad(event('/wp-login.php', { route: null }))).toBe(false);
		expect(isPageLoad(event('/zglos', { method: 'POST', route: '/zglos' }))).toBe(false);
		expect(isPageLoad(event('/', { accept: '*/*' }))).toBe(false);
		expect(isPageLoad(event('/', { accept: 'application/json' }))).toBe(false);
	});

	it('does not mistake a page whose name starts like a probe or the API for one', () => {
		expect(isPageLoad(event('/apiary', { route: '/[slug]' }))).toBe(true);
		expect(isPageLoad(event('/healthzone', { route: '/[slug]' }))).toBe(true);
	});
});
