import { expect, test, type Page } from './fixtures.ts';
import { gotoSettled, waitForMapIdle, type TestWindow } from './helpers';
import { seriousViolations } from './report-helpers';

// Finding things without scrolling: the header navigation (a menu button on phones), the map's
// need filters driving the map and the keyboard list together, and the home page without
// JavaScript.

interface NeedProperties {
	ref: string;
	title: string;
	kind: string;
	category: string;
	status: string;
	locality_slug: string | null;
}

async function apiNeeds(page: Page): Promise<NeedProperties[]> {
	const body = (await (await page.request.get('/api/needs.geojson')).json()) as {
		features: { properties: NeedProperties }[];
	};
	return body.features.map((feature) => feature.properties);
}

/**
 * The filter the map asks the needs tiles with (the query of its tile URL): the tiles' content
 * per filter is checked in tests/db/tiles.spec.ts.
 */
async function mapTileFilter(page: Page): Promise<Record<string, string>> {
	return page.evaluate(() => {
		const map = (window as TestWindow).__map;
		const source = map?.getStyle().sources.needs;
		if (source?.type !== 'vector' || !source.tiles?.[0]) throw new Error('no needs tiles');
		return Object.fromEntries(new URL(source.tiles[0]).searchParams);
	});
}

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('the menu button opens the sections and works by keyboard', async ({ page }) => {
		// Hydrated before the keys: Escape is handled by the page's script.
		await gotoSettled(page, '/');
		const nav = page.getByRole('navigation', { name: 'Główne' });
		const menu = nav.locator('summary', { hasText: 'Menu' });
		const activities = nav.getByRole('link', { name: 'Działania', exact: true });
		await expect(menu).toBeVisible();
		await expect(activities).toBeHidden();
		// Reporting stays one tap away beside the menu; the projector mode is not offered.
		await expect(nav.getByRole('link', { name: 'Zgłoś potrzebę lub pomysł' })).toBeVisible();
		await expect(nav.getByRole('link', { name: 'Prezentacja' })).toBeHidden();

		await menu.focus();
		await page.keyboard.press('Enter');
		await expect(activities).toBeVisible();
		await page.keyboard.press('Tab');
		await expect(nav.getByRole('link', { name: 'Mapa', exact: true })).toBeFocused();
		await expect(nav.getByRole('link', { name: 'Mapa', exact: true })).toHaveAttribute(
			'aria-current',
			'page'
		);
		expect(await seriousViolations(page)).toEqual([]);

		// Escape closes the menu and returns to its button.
		await page.keyboard.press('Escape');
		await expect(activities).toBeHidden();
		await expect(menu).toBeFocused();

		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		await expect(activities).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/dzialania$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Działania' })).toBeVisible();
		// Closed on the new page, which it marks as current.
		await expect(activities).toBeHidden();
		await menu.click();
		await expect(activities).toHaveAttribute('aria-current', 'page');
	});
});

test('on a wide screen the sections are links in the header, Prezentacja included', async ({
	page
}) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.goto('/en/diagnoza');
	const nav = page.getByRole('navigation', { name: 'Main' });
	await expect(nav.locator('summary')).toBeHidden();
	for (const [name, href] of [
		['Map', '/en/'],
		['Activities', '/en/dzialania'],
		['Diagnosis', '/en/diagnoza'],
		['Presentation', '/en/prezentacja']
	])
		await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
	await expect(nav.getByRole('link', { name: 'Diagnosis', exact: true })).toHaveAttribute(
		'aria-current',
		'page'
	);
	expect(await seriousViolations(page)).toEqual([]);
});

test('the filters hide and show needs on the map and in the village list together', async ({
	page
}) => {
	const all = await apiNeeds(page);
	const need = all.find((candidate) => candidate.locality_slug);
	if (!need?.locality_slug) throw new Error('no need with a village');
	const other = all.find((candidate) => candidate.category !== need.category);
	if (!other) throw new Error('needs of one category only');

	await page.goto(`/?wies=${need.locality_slug}`);
	await waitForMapIdle(page);
	const details = page.locator(`#village-details-${need.locality_slug}`);
	const item = details.locator('li', { hasText: need.title });
	await expect(item).toBeVisible();
	expect(await mapTileFilter(page)).toEqual({});

	const filters = page.getByRole('form', { name: 'Filtry mapy' });
	await filters.getByLabel('Kategoria').selectOption(need.category);
	await expect(page).toHaveURL(new RegExp(`kategoria=${need.category}`));
	await expect(page).toHaveURL(new RegExp(`wies=${need.locality_slug}`));
	const inCategory = all.filter((candidate) => candidate.category === need.category);
	await expect.poll(() => mapTileFilter(page)).toEqual({ category: need.category });
	await expect(item).toBeVisible();
	await expect(filters.getByRole('status')).toHaveText(
		`Pasujące potrzeby i pomysły: ${inCategory.length}`
	);

	await filters.getByLabel('Kategoria').selectOption(other.category);
	await expect.poll(() => mapTileFilter(page)).toEqual({ category: other.category });
	await expect(item).toBeHidden();

	// Open versus realised: the status group.
	await filters.getByLabel('Kategoria').selectOption('');
	await filters.getByLabel('Stan').selectOption('done');
	await expect.poll(() => mapTileFilter(page)).toEqual({ status: 'done' });

	await filters.getByLabel('Stan').selectOption('');
	await expect(page).not.toHaveURL(/stan=/);
	await expect.poll(() => mapTileFilter(page)).toEqual({});
	await expect(item).toBeVisible();
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('/ lists the villages, the latest and the realised needs with links, and filters', async ({
		page
	}) => {
		const all = await apiNeeds(page);
		await page.goto('/');
		// No "loading" that never ends, and no "needs JavaScript" either: the map is the static
		// one drawn on the server, whose village areas are links.
		await expect(page.getByText('Ładowanie mapy…')).toHaveCount(0);
		expect(await (await page.request.get('/')).text()).not.toContain('z włączonym JavaScriptem');
		const staticMap = page.getByRole('group', { name: /^Mapa wsi: / });
		await expect(staticMap.getByRole('link')).toHaveCount(65);
		const villages = page.getByRole('region', { name: 'Miejscowości' });
		await expect(villages.locator('.village-list > li')).toHaveCount(65);
		await expect(villages.locator('button[data-slug="kramsk"]')).toContainText('Potrzeby:');

		const latest = page.getByRole('region', { name: 'Najnowsze potrzeby i pomysły' });
		const links = latest.getByRole('link');
		await expect(links).toHaveCount(Math.min(10, all.length));
		await expect(links.first()).toHaveText(all[0].title);
		await expect(links.first()).toHaveAttribute('href', `/potrzeby/${all[0].ref}`);
		const realised = page.getByRole('region', { name: 'Zrealizowane' });
		const done = all.find((candidate) => candidate.status === 'done');
		if (done)
			await expect(realised.getByRole('link', { name: done.title })).toHaveAttribute(
				'href',
				`/potrzeby/${done.ref}`
			);

		// A village button submits ?wies=: the page comes back with its summary open.
		await villages.locator('button[data-slug="kramsk"]').click();
		await expect(page).toHaveURL(/\?wies=kramsk$/);
		await expect(page.locator('#village-details-kramsk h3')).toHaveText('Kramsk');

		// The filter form is a GET form; the village stays chosen.
		const filters = page.getByRole('form', { name: 'Filtry mapy' });
		await filters.getByLabel('Rodzaj').selectOption('idea');
		await filters.getByRole('button', { name: 'Pokaż' }).click();
		await expect(page).toHaveURL(/wies=kramsk/);
		await expect(page).toHaveURL(/rodzaj=idea/);
		const ideas = all.filter((candidate) => candidate.kind === 'idea');
		await expect(latest.getByRole('link')).toHaveCount(Math.min(10, ideas.length));
		await expect(filters.getByRole('status')).toHaveText(
			`Pasujące potrzeby i pomysły: ${ideas.length}`
		);
		await expect(filters.getByLabel('Rodzaj')).toHaveValue('idea');
	});

	test('the English home page lists them too', async ({ page }) => {
		await page.goto('/en');
		// An area of the static map, followed with the keyboard, opens its village.
		await page
			.getByRole('group', { name: /^Map of the villages: / })
			.getByRole('link', { name: /^Kramsk:/ })
			.press('Enter');
		await expect(page).toHaveURL(/\/en\/?\?wies=kramsk$/);
		await expect(page.locator('#village-details-kramsk h3')).toHaveText('Kramsk');
		await expect(page.getByRole('heading', { name: 'Latest needs and ideas' })).toBeVisible();
		const first = page
			.getByRole('region', { name: 'Latest needs and ideas' })
			.getByRole('link')
			.first();
		await expect(first).toHaveAttribute('href', /^\/en\/potrzeby\/[A-Z]{2}-\d{4}-\d{4}$/);
	});
});
