import { expect, test, type Page } from './fixtures.ts';
import { fetchVillages, inside, mapCenter, waitForMapIdle, type TestWindow } from './helpers';

/** Presses Tab until a village button in the list has the focus; returns its slug. */
async function tabToVillageList(page: Page): Promise<string> {
	for (let presses = 0; presses < 80; presses++) {
		await page.keyboard.press('Tab');
		const slug = await page.evaluate(() =>
			document.activeElement?.matches('.village-list button')
				? document.activeElement.getAttribute('data-slug')
				: null
		);
		if (slug) return slug;
	}
	throw new Error('Tab never reached the village list');
}

async function focusedSlug(page: Page): Promise<string | null> {
	return page.evaluate(() => document.activeElement?.getAttribute('data-slug') ?? null);
}

async function selectedFeatureState(page: Page, id: number) {
	return page.evaluate(
		(featureId) =>
			(window as TestWindow).__map?.getFeatureState({
				source: 'villages',
				sourceLayer: 'villages',
				id: featureId
			}).selected ?? false,
		id
	);
}

test('the village list works with the keyboard alone', async ({ page }) => {
	const villages = await fetchVillages(page);
	await page.goto('/');
	await waitForMapIdle(page);

	const first = await tabToVillageList(page);
	expect(first).toBe('anielew'); // alphabetical, Polish collation
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	const slug = await focusedSlug(page);
	const village = villages.find((candidate) => candidate.slug === slug);
	if (!village) throw new Error(`no village with slug ${slug}`);

	await page.keyboard.press('Enter');

	await expect(page).toHaveURL(new RegExp(`[?&]wies=${village.slug}(&|$)`));
	const button = page.locator(`.village-list button[data-slug="${village.slug}"]`);
	await expect(button).toBeFocused();
	await expect(button).toHaveAttribute('aria-expanded', 'true');
	const details = page.locator(`#village-details-${village.slug}`);
	await expect(details.getByRole('heading', { level: 3 })).toHaveText(village.name);
	await expect(details).toContainText('Punkty adresowe:');
	await expect(details).toContainText('Obszar miejscowości na mapie jest przybliżony');
	await expect(details).toContainText(/Sołectw(o|a): /);
	await expect.poll(async () => inside(await mapCenter(page), village.bbox)).toBe(true);
	await expect.poll(() => selectedFeatureState(page, village.id)).toBe(true);

	// Space on the next village moves the selection there.
	await page.keyboard.press('Tab');
	const nextSlug = await focusedSlug(page);
	const next = villages.find((candidate) => candidate.slug === nextSlug);
	if (!next) throw new Error(`no village with slug ${nextSlug}`);
	await page.keyboard.press('Space');
	await expect(page).toHaveURL(new RegExp(`[?&]wies=${next.slug}(&|$)`));
	await expect(
		page.locator(`#village-details-${next.slug}`).getByRole('heading', { level: 3 })
	).toHaveText(next.name);
	await expect(button).toHaveAttribute('aria-expanded', 'false');
	await expect.poll(async () => inside(await mapCenter(page), next.bbox)).toBe(true);
	await expect.poll(() => selectedFeatureState(page, next.id)).toBe(true);
	expect(await selectedFeatureState(page, village.id)).toBe(false);

	// Enter again on the open village closes it and frames the whole commune.
	await page.keyboard.press('Enter');
	await expect(page).not.toHaveURL(/wies=/);
	await expect(page.locator(`#village-details-${next.slug}`)).toHaveCount(0);
});

test('a link with ?wies= opens that village, already in the server-rendered page', async ({
	page
}) => {
	const villages = await fetchVillages(page);
	const patrzykow = villages.find((village) => village.slug === 'patrzykow');
	if (!patrzykow) throw new Error('Patrzyków missing from /api/villages.geojson');
	const html = await (await page.request.get('/?wies=patrzykow')).text();
	expect(html).toContain('id="village-details-patrzykow"');

	await page.goto('/?wies=patrzykow');
	const details = page.locator('#village-details-patrzykow');
	await expect(details.getByRole('heading', { level: 3 })).toHaveText('Patrzyków');
	// Sołectwo and population are known for Patrzyków (sources in data/regions/kramsk).
	await expect(details).toContainText('Sołectwo: Patrzyków');
	await expect(details).toContainText(/Liczba mieszkańców: \d+/);
	await waitForMapIdle(page);
	expect(inside(await mapCenter(page), patrzykow.bbox)).toBe(true);
});

test('a village without a known sołectwo says so', async ({ page }) => {
	// Biechowy has no sołectwo in the sources (data/regions/kramsk/villages.csv).
	await page.goto('/?wies=biechowy');
	await expect(page.locator('#village-details-biechowy')).toContainText('Sołectwo: nieustalone');
});

test('an unknown ?wies= value shows a Polish message, not an error page', async ({ page }) => {
	await page.goto('/?wies=nie-ma-takiej');
	await expect(page.getByRole('alert')).toContainText('Nie znaleziono miejscowości');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mapa gminy Kramsk');
});

test('clicking a village area on the map selects it', async ({ page }) => {
	await page.goto('/');
	await waitForMapIdle(page);
	// Close in on Kramsk first: on the whole gmina its area is small and crowded with names and
	// points, and whether a free spot shows depends on the window's size.
	await page.evaluate(() => {
		const map = (window as TestWindow).__map;
		const label = map
			?.querySourceFeatures('village-labels')
			.find((feature) => feature.properties.name === 'Kramsk');
		if (!map || !label || label.geometry.type !== 'Point') throw new Error('no Kramsk label');
		const [lng, lat] = label.geometry.coordinates;
		map.jumpTo({ center: [lng, lat], zoom: 13 });
	});
	await waitForMapIdle(page);
	// A spot inside Kramsk's area with no resource or need on it (a click on a point is about
	// the point, not the village), searched around Kramsk's label point.
	const target = await page.evaluate(() => {
		const map = (window as TestWindow).__map;
		if (!map) throw new Error('no map');
		const label = map
			.querySourceFeatures('village-labels')
			.find((feature) => feature.properties.name === 'Kramsk');
		if (!label || label.geometry.type !== 'Point') throw new Error('no Kramsk label point');
		const [lng, lat] = label.geometry.coordinates;
		const centre = map.project([lng, lat]);
		const pointLayers = ['resources-circles', 'needs-points', 'needs-clusters'];
		for (let radius = 0; radius <= 80; radius += 8) {
			for (let angle = 0; angle < 360; angle += 30) {
				const x = centre.x + radius * Math.cos((angle * Math.PI) / 180);
				const y = centre.y + radius * Math.sin((angle * Math.PI) / 180);
				const [area] = map.queryRenderedFeatures([x, y], { layers: ['villages-fill'] });
				const points = map.queryRenderedFeatures(
					[
						[x - 15, y - 15],
						[x + 15, y + 15]
					],
					{ layers: pointLayers }
				);
				// A tap on a name selects that name's village: keep clear of every other name too.
				const names = map.queryRenderedFeatures(
					[
						[x - 15, y - 15],
						[x + 15, y + 15]
					],
					{ layers: ['villages-labels'] }
				);
				const otherName = names.some((feature) => feature.properties.name !== 'Kramsk');
				if (area?.properties.slug === 'kramsk' && points.length === 0 && !otherName) {
					const rect = map.getCanvas().getBoundingClientRect();
					return { x: rect.left + x, y: rect.top + y };
				}
			}
		}
		throw new Error('no free spot inside Kramsk');
	});
	await page.mouse.click(target.x, target.y);
	await expect(page).toHaveURL(/[?&]wies=kramsk(&|$)/);
	await expect(
		page.locator('#village-details-kramsk').getByRole('heading', { level: 3 })
	).toHaveText('Kramsk');
	await expect(page.getByRole('button', { name: 'Szczegóły: Kramsk' })).toBeVisible();
});
