import { expect, test } from '@playwright/test';

// The public JSON API of the built app: open data with ETag, 400s that say why.

test('villages.geojson: 65 localities with the documented properties and an ETag', async ({
	request
}) => {
	const res = await request.get('/api/villages.geojson');
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toContain('application/geo+json');
	expect(res.headers()['access-control-allow-origin']).toBe('*');
	const etag = res.headers()['etag'];
	expect(etag).toBeTruthy();
	const body = await res.json();
	expect(body.features).toHaveLength(65);
	const props = body.features.map((f: { properties: Record<string, unknown> }) => f.properties);
	expect(Object.keys(props[0])).toEqual(
		expect.arrayContaining([
			'id',
			'name',
			'slug',
			'solectwo',
			'address_points',
			'label_lon',
			'label_lat'
		])
	);
	expect(props.reduce((n: number, p: { address_points: number }) => n + p.address_points, 0)).toBe(
		3829
	);

	const again = await request.get('/api/villages.geojson', { headers: { 'if-none-match': etag } });
	expect(again.status()).toBe(304);
});

test('needs.geojson and resources.geojson return published items only, filtered', async ({
	request
}) => {
	const needs = await (await request.get('/api/needs.geojson')).json();
	expect(needs.features.length).toBeGreaterThan(0);
	const statuses = new Set(
		needs.features.map((f: { properties: { status: string } }) => f.properties.status)
	);
	expect(statuses.has('nowe')).toBe(false);
	for (const f of needs.features) expect(f.properties).not.toHaveProperty('email');

	const inKramsk = await (await request.get('/api/needs.geojson?village=kramsk')).json();
	expect(inKramsk.features.length).toBeGreaterThan(0);
	expect(
		inKramsk.features.every(
			(f: { properties: { locality_slug: string } }) => f.properties.locality_slug === 'kramsk'
		)
	).toBe(true);

	const halls = await (await request.get('/api/resources.geojson?category=swietlica')).json();
	expect(halls.features.length).toBeGreaterThan(0);
	expect(
		halls.features.every(
			(f: { properties: { category: string } }) => f.properties.category === 'swietlica'
		)
	).toBe(true);
});

test('bad parameters get 400 with a JSON message', async ({ request }) => {
	const cases: [string, RegExp][] = [
		['/api/needs.geojson?status=nowe', /status/],
		['/api/needs.geojson?category=nie-ma-takiej', /unknown category/],
		['/api/resources.geojson?village=atlantyda', /unknown village/],
		['/api/resources.geojson?categroy=osp', /unknown parameter "categroy"/],
		['/api/address-search', /parameter "q"/],
		['/api/address-search?q=k', /at least 2/],
		['/api/address-search?q=kramsk&limit=500', /limit/]
	];
	for (const [url, message] of cases) {
		const res = await request.get(url);
		expect(res.status(), url).toBe(400);
		expect((await res.json()).error, url).toMatch(message);
	}
});

test('address search finds "Kramsk Pogorzelna 6" regardless of case', async ({ request }) => {
	for (const q of ['Kramsk Pogorzelna 6', 'kramsk pogorzelna 6']) {
		const hits = await (await request.get(`/api/address-search?q=${encodeURIComponent(q)}`)).json();
		expect(hits[0]).toMatchObject({
			label: 'Kramsk, Pogorzelna 6',
			lon: 18.426673,
			lat: 52.265042
		});
	}
});
