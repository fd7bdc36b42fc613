import { expect, test, type APIRequestContext } from '@playwright/test';
import { signIn } from './auth-helpers';
import type { TestWindow } from './helpers';
import { seriousViolations } from './report-helpers';

// Planning by village: the open API. Anon runs under RLS, so the counts must
// equal what the published GeoJSON endpoints list for the same village.

interface Feature {
	properties: { category: string; locality_slug: string | null };
}

async function byCategory(request: APIRequestContext, path: string) {
	const body = (await (await request.get(path)).json()) as { features: Feature[] };
	const counts: Record<string, number> = {};
	for (const f of body.features)
		counts[f.properties.category] = (counts[f.properties.category] ?? 0) + 1;
	return { total: body.features.length, by_category: counts };
}

test('villages/kramsk/summary counts the published needs and resources of Kramsk', async ({
	request
}) => {
	const res = await request.get('/api/villages/kramsk/summary');
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toContain('application/json');
	expect(res.headers()['access-control-allow-origin']).toBe('*');
	const body = await res.json();
	expect(body.village).toMatchObject({ name: 'Kramsk', slug: 'kramsk' });
	const needs = await byCategory(request, '/api/needs.geojson?village=kramsk');
	const resources = await byCategory(request, '/api/resources.geojson?village=kramsk');
	expect(needs.total).toBeGreaterThan(0);
	expect(body.needs).toEqual(needs);
	expect(body.resources).toEqual(resources);
	expect(body.activities).toEqual({ planned: expect.any(Number), done: expect.any(Number) });

	const etag = res.headers()['etag'];
	expect(etag).toBeTruthy();
	const again = await request.get('/api/villages/kramsk/summary', {
		headers: { 'if-none-match': etag }
	});
	expect(again.status()).toBe(304);
});

test('villages/:slug/summary: unknown village 404, malformed slug or parameter 400', async ({
	request
}) => {
	const missing = await request.get('/api/villages/nie-ma-takiej/summary');
	expect(missing.status()).toBe(404);
	expect((await missing.json()).error).toContain('nie-ma-takiej');
	expect((await request.get('/api/villages/Kramsk!/summary')).status()).toBe(400);
	expect((await request.get('/api/villages/kramsk/summary?x=1')).status()).toBe(400);
});

test('coverage: one row per village (65) with 0 ≤ share ≤ 1, ordered by name', async ({
	request
}) => {
	const res = await request.get('/api/coverage?category=swietlica&max_m=2000');
	expect(res.status()).toBe(200);
	expect(res.headers()['etag']).toBeTruthy();
	const rows = (await res.json()) as {
		village: string;
		slug: string;
		share: number;
		covered: number;
		address_points: number;
		gap_rank: number;
	}[];
	expect(rows).toHaveLength(65);
	expect(rows.reduce((n, r) => n + r.address_points, 0)).toBe(3829);
	for (const r of rows) {
		expect(r.share).toBeGreaterThanOrEqual(0);
		expect(r.share).toBeLessThanOrEqual(1);
		expect(r.covered).toBeLessThanOrEqual(r.address_points);
	}
	const names = rows.map((r) => r.village);
	expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
	expect(rows.some((r) => r.gap_rank === 1)).toBe(true);
	// Without max_m the documented default of 2000 m applies.
	const fallback = await (await request.get('/api/coverage?category=swietlica')).json();
	expect(fallback).toEqual(rows);
});

test('coverage: 400 for a missing or unknown category and a bad max_m', async ({ request }) => {
	for (const query of [
		'',
		'?max_m=2000',
		'?category=nie-ma&max_m=2000',
		'?category=swietlica&max_m=0',
		'?category=swietlica&max_m=50001',
		'?category=swietlica&max_m=12.5',
		'?category=swietlica&max_m=abc',
		'?category=swietlica&max_m=1&max_m=2',
		'?category=swietlica&radius=5'
	]) {
		const res = await request.get(`/api/coverage${query}`);
		expect(res.status(), query).toBe(400);
		expect(typeof (await res.json()).error, query).toBe('string');
	}
});

test('solectwa/:slug/summary sums the village summaries of its villages (Borki + Stanisławów)', async ({
	request
}) => {
	const res = await request.get('/api/solectwa/borki/summary');
	expect(res.status()).toBe(200);
	const body = await res.json();
	expect(body.solectwo.villages.map((v: { slug: string }) => v.slug).sort()).toEqual([
		'borki',
		'stanislawow'
	]);
	let needs = 0;
	let resources = 0;
	let points = 0;
	for (const slug of ['borki', 'stanislawow']) {
		const village = await (await request.get(`/api/villages/${slug}/summary`)).json();
		needs += village.needs.total;
		resources += village.resources.total;
		points += village.village.address_points;
	}
	expect(body.needs.total).toBe(needs);
	expect(body.resources.total).toBe(resources);
	expect(body.solectwo.address_points).toBe(points);
	expect((await request.get('/api/solectwa/nie-ma/summary')).status()).toBe(404);
});

// The planning panel: staff only, read-only, a GET form that works without
// JavaScript, accessible tables for every figure, a map with turf previews.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

test('organizer picks Kramsk: needs, resources, coverage of 65 villages, venues with a plan link; no axe violations', async ({
	page
}) => {
	await signIn(page, 'organizer', '/panel/planowanie');
	await page.getByRole('combobox', { name: 'Wieś', exact: true }).selectOption('kramsk');
	await page.getByRole('button', { name: 'Pokaż' }).click();
	await expect(page).toHaveURL(/wies=kramsk/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Planowanie: Kramsk');

	await expect(page.getByRole('table', { name: 'Potrzeby według kategorii' })).toBeVisible();
	await expect(page.getByRole('table', { name: /Zasoby na obszarze/ })).toBeVisible();
	const ranking = page.getByRole('table', { name: /według luki w dostępności/ });
	await expect(ranking.locator('tbody tr')).toHaveCount(65);
	await expect(page.getByText(/Kramsk: .*punktów adresowych \(\d+ z 433\)/)).toBeVisible();

	const plan = page.getByRole('link', { name: /Zaplanuj działanie tutaj/ }).first();
	await expect(plan).toHaveAttribute(
		'href',
		new RegExp(`^/panel/dzialania/nowe\\?wies=kramsk&venue=${UUID}&needs=${UUID}(,${UUID})*$`)
	);

	await page.waitForFunction(() => Boolean((window as TestWindow).__map?.loaded()), null, {
		timeout: 45_000
	});
	expect(await seriousViolations(page)).toEqual([]);
});

test('the ruler measures a straight line between two clicks on the map', async ({ page }) => {
	await signIn(page, 'organizer', '/panel/planowanie?wies=kramsk');
	await page.waitForFunction(() => Boolean((window as TestWindow).__map?.loaded()), null, {
		timeout: 45_000
	});
	await page.getByLabel('linijka').check();
	const map = page.getByTestId('planning-map');
	await map.scrollIntoViewIfNeeded();
	const box = await map.boundingBox();
	if (!box) throw new Error('no map box');
	await page.mouse.click(box.x + 100, box.y + 100);
	await expect(page.getByText('Kliknij drugi punkt.')).toBeVisible();
	await page.mouse.click(box.x + 400, box.y + 250);
	await expect(page.getByText(/Odległość w linii prostej: [\d,]+ (km|m)\./)).toBeVisible();
});

test('council reads the panel for a sołectwo without the plan link', async ({ page }) => {
	await signIn(page, 'council', '/panel/planowanie');
	const solectwo = page.getByRole('combobox', { name: 'Sołectwo', exact: true });
	const value = await solectwo
		.locator('option')
		.evaluateAll((options) =>
			options.map((o) => (o as HTMLOptionElement).value).find((v) => v !== '')
		);
	if (!value) throw new Error('no sołectwo to pick');
	await solectwo.selectOption(value);
	await page.getByRole('button', { name: 'Pokaż' }).click();
	await expect(page).toHaveURL(new RegExp(`solectwo=${value}`));
	await expect(page.getByRole('heading', { name: 'Potrzeby', exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: /Zaplanuj działanie tutaj/ })).toHaveCount(0);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the GET form and venue filters work; bad values fall back with a message', async ({
		page
	}) => {
		await signIn(page, 'organizer', '/panel/planowanie?wies=kramsk&r=-1');
		await expect(page.getByRole('alert')).toContainText('Promień zasobów w pobliżu');
		await page.getByLabel('Tylko bez barier').check();
		await page.getByRole('button', { name: 'Zaproponuj miejsca' }).click();
		await expect(page).toHaveURL(/bez_barier=tak/);
		await expect(page).toHaveURL(/wies=kramsk/);
		await expect(page.getByLabel('Tylko bez barier')).toBeChecked();
	});
});

test('anonymous visitors are sent to sign in', async ({ page }) => {
	await page.goto('/panel/planowanie');
	await expect(page).toHaveURL(/\/logowanie\?next=/);
});
