import { expect, test, type Browser, type Page } from './fixtures.ts';
import { signIn } from './auth-helpers';
import { fetchVillages, waitForMapIdle, type BBox, type TestWindow } from './helpers';

// Presentation mode: keyboard-only navigation through the villages in Polish
// alphabetical order, the URL of a slide, legible type at 1920×1080 with the whole map on the
// screen, the whole gmina back on the map from a village, and exact counts of public needs.

interface VillageProps {
	name: string;
	slug: string;
}

/** The slide order, worked out here independently of the app: Polish alphabetical order. */
async function villagesInOrder(page: Page): Promise<VillageProps[]> {
	const response = await page.request.get('/api/villages.geojson');
	const body = (await response.json()) as { features: { properties: VillageProps }[] };
	const collator = new Intl.Collator('pl', { sensitivity: 'base' });
	return body.features
		.map((f) => f.properties)
		.sort((a, b) => collator.compare(a.name, b.name) || a.slug.localeCompare(b.slug));
}

async function villageId(page: Page, slug: string): Promise<number> {
	const response = await page.request.get('/api/villages.geojson');
	const body = (await response.json()) as { features: { id: number; properties: VillageProps }[] };
	const feature = body.features.find((f) => f.properties.slug === slug);
	if (!feature) throw new Error(`no village ${slug}`);
	return feature.id;
}

const card = (page: Page) => page.getByTestId('village-card');

/** Whether the map stands still and shows all of `bbox`. */
function mapShows(page: Page, bbox: BBox): Promise<boolean> {
	return page.evaluate(([west, south, east, north]) => {
		const map = (window as TestWindow).__map;
		if (!map || map.isMoving()) return false;
		const shown = map.getBounds();
		return (
			shown.getWest() <= west &&
			shown.getSouth() <= south &&
			shown.getEast() >= east &&
			shown.getNorth() >= north
		);
	}, bbox);
}

async function openPresentation(page: Page, path: string) {
	await page.goto(path);
	await waitForMapIdle(page, 'presentation-fill');
}

test('keyboard only: three steps to the 3rd village, Home back to the gmina; legible and whole at 1920×1080', async ({
	page
}) => {
	await page.setViewportSize({ width: 1920, height: 1080 });
	const order = await villagesInOrder(page);
	const third = order[2];
	await openPresentation(page, '/prezentacja?miara=wsparcia');
	// The metric from the URL is preselected.
	await expect(page.getByLabel('Miara', { exact: true })).toHaveValue('wsparcia');
	await expect(card(page)).toHaveCount(0);
	// Outside full screen too, all of the map is on the screen below the header and the pickers.
	const mapBox = await page.getByRole('region', { name: /^Mapa wsi gminy/ }).boundingBox();
	expect(mapBox && mapBox.y + mapBox.height).toBeLessThanOrEqual(1080);
	expect(mapBox?.height).toBeGreaterThan(600);

	await page.keyboard.press('ArrowRight');
	await expect(card(page).getByRole('heading', { level: 2 })).toHaveText(order[0].name);
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('PageDown');
	await expect(card(page).getByRole('heading', { level: 2 })).toHaveText(third.name);
	await expect(card(page)).toContainText(`3 / ${order.length}`);
	await expect(page).toHaveURL(new RegExp(`[?&]wies=${third.slug}(&|$)`));
	await expect(page).toHaveURL(/[?&]miara=wsparcia(&|$)/);
	await expect(page.getByTestId('presentation-live')).toHaveText(new RegExp(third.name));

	// Back one with PageUp (a clicker's "previous"), forward again with ArrowDown.
	await page.keyboard.press('PageUp');
	await expect(card(page).getByRole('heading', { level: 2 })).toHaveText(order[1].name);
	await page.keyboard.press('ArrowDown');
	await expect(card(page).getByRole('heading', { level: 2 })).toHaveText(third.name);

	// The map has the choropleth, its outlines and the names; the village's class is paint state.
	await waitForMapIdle(page, 'presentation-fill');
	const mapState = await page.evaluate(
		(id) => {
			const map = (window as TestWindow).__map;
			return {
				layers: ['presentation-fill', 'presentation-outline', 'presentation-labels'].map((layer) =>
					Boolean(map?.getLayer(layer))
				),
				state: map?.getFeatureState({
					source: 'presentation-villages',
					sourceLayer: 'villages',
					id
				})
			};
		},
		await villageId(page, third.slug)
	);
	expect(mapState.layers).toEqual([true, true, true]);
	expect(mapState.state).toMatchObject({ selected: true, cls: expect.any(Number) });

	// Large type (at least 24 px) on everything the page itself writes.
	const smallest = await page.evaluate(() => {
		const root = document.querySelector('.presentation');
		if (!root) return 0;
		const sizes: number[] = [];
		for (const element of root.querySelectorAll<HTMLElement>('*')) {
			if (element.closest('.maplibregl-map, .visually-hidden')) continue;
			const hasText = [...element.childNodes].some(
				(node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim()
			);
			if (hasText && element.getClientRects().length > 0)
				sizes.push(parseFloat(getComputedStyle(element).fontSize));
		}
		return Math.min(...sizes);
	});
	expect(smallest).toBeGreaterThanOrEqual(24);
	const cardText = await card(page)
		.getByTestId('card-needs')
		.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
	expect(cardText).toBeGreaterThanOrEqual(24);

	// A focused picker keeps its keys: Home there is the picker's, not the gmina view.
	await page.getByLabel('Miara', { exact: true }).focus();
	await page.keyboard.press('Home');
	await expect(card(page).getByRole('heading', { level: 2 })).toHaveText(third.name);
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

	await page.keyboard.press('Home');
	await expect(card(page)).toHaveCount(0);
	await expect(page).not.toHaveURL(/[?&]wies=/);

	// The screenshot for the docs: a slide with data, the gmina's main village.
	await openPresentation(page, '/prezentacja?miara=potrzeby&wies=kramsk');
	await expect(card(page).getByRole('heading', { level: 2 })).toHaveText('Kramsk');
	await waitForMapIdle(page, 'presentation-fill');
	await page.screenshot({ path: 'docs/screenshots/prezentacja-1920.png' });

	// Opened on a village, Home brings the whole gmina onto the map, not only into the panel.
	const areas = await fetchVillages(page);
	const gmina: BBox = [
		Math.min(...areas.map((a) => a.bbox[0])),
		Math.min(...areas.map((a) => a.bbox[1])),
		Math.max(...areas.map((a) => a.bbox[2])),
		Math.max(...areas.map((a) => a.bbox[3]))
	];
	expect(await mapShows(page, gmina)).toBe(false);
	await page.keyboard.press('Home');
	await expect(card(page)).toHaveCount(0);
	await expect.poll(() => mapShows(page, gmina)).toBe(true);
});

test('a prepared slide opens directly; invalid parameters fall back to the defaults', async ({
	page
}) => {
	const order = await villagesInOrder(page);
	const village = order[4];
	await openPresentation(page, `/prezentacja?miara=pokrycie&kategoria=osp&wies=${village.slug}`);
	await expect(card(page).getByRole('heading', { level: 2 })).toHaveText(village.name);
	await expect(page.getByLabel('Miara', { exact: true })).toHaveValue('pokrycie');
	await expect(page.getByLabel('Kategoria zasobu (pokrycie)')).toHaveValue('osp');
	await expect(card(page)).toContainText(`5 / ${order.length}`);
	// The next key continues from the opened slide.
	await page.keyboard.press('ArrowRight');
	await expect(card(page).getByRole('heading', { level: 2 })).toHaveText(order[5].name);

	// Another metric repaints through feature-state: the same layer object, new classes.
	const next = await villageId(page, order[5].slug);
	await page.evaluate(() => {
		const layer = (window as TestWindow).__map?.getLayer('presentation-fill');
		if (layer) Object.assign(layer, { e2eMarker: true });
	});
	await page.getByLabel('Miara', { exact: true }).selectOption('zasoby');
	await expect(page).toHaveURL(/[?&]miara=zasoby(&|$)/);
	await expect(card(page)).toContainText('Liczba zasobów');
	const api = (await (await page.request.get('/api/prezentacja?kategoria=osp')).json()) as {
		villages: { id: number; classes: Record<string, number> }[];
	};
	const expected = api.villages.find((v) => v.id === next)?.classes.zasoby;
	await expect
		.poll(() =>
			page.evaluate((id) => {
				const map = (window as TestWindow).__map;
				const layer = map?.getLayer('presentation-fill') as { e2eMarker?: boolean } | undefined;
				const state = map?.getFeatureState({
					source: 'presentation-villages',
					sourceLayer: 'villages',
					id
				});
				return { rebuilt: !layer?.e2eMarker, cls: state?.cls as number | undefined };
			}, next)
		)
		.toEqual({ rebuilt: false, cls: expected });
	expect((await page.request.get('/api/prezentacja?kategoria=nie-ma')).status()).toBe(400);

	const response = await page.goto('/prezentacja?miara=nie-ma&kategoria=nie-ma&wies=nie-ma');
	expect(response?.status()).toBe(200);
	await expect(page.getByLabel('Miara', { exact: true })).toHaveValue('potrzeby');
	await expect(card(page)).toHaveCount(0);
});

/** A village without public needs, found at test time from the public API. */
async function villageWithoutNeeds(page: Page): Promise<VillageProps> {
	const needs = await page.request.get('/api/needs.geojson');
	const body = (await needs.json()) as { features: { properties: { locality_slug: string } }[] };
	const withNeeds = new Set(body.features.map((f) => f.properties.locality_slug));
	const village = (await villagesInOrder(page)).find((v) => !withNeeds.has(v.slug));
	if (!village) throw new Error('every village has public needs');
	return village;
}

async function anonNeeds(browser: Browser, slug: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`/prezentacja?wies=${slug}`);
	const shown = await page.getByTestId('card-needs').textContent();
	const html = await page.content();
	const api = await page.request.get('/api/prezentacja');
	const data = (await api.json()) as {
		villages: { slug: string; needs: string; metrics: { potrzeby: { value: number | null } } }[];
	};
	await context.close();
	return { shown: shown?.trim(), html, entry: data.villages.find((v) => v.slug === slug) };
}

test('exact counts: a village with 1 public need shows 1 publicly and to an organizer', async ({
	page,
	browser
}) => {
	const village = await villageWithoutNeeds(page);
	const title = `Potrzeba do prezentacji ${Date.now()}`;

	await signIn(page, 'organizer', '/panel/moderacja/nowe');
	await page.getByRole('radio', { name: 'Potrzeba' }).check();
	await page.getByLabel('Kategoria').selectOption('seniorzy');
	await page.getByLabel('Tytuł').fill(title);
	await page.getByLabel('Miejscowość').selectOption({ label: village.name });
	await page.getByLabel('Opublikuj od razu').check();
	await page.getByRole('button', { name: 'Zapisz zgłoszenie' }).click();
	await expect(page.getByText(/Zapisano zgłoszenie KR-\d{4}-\d{4}/)).toBeVisible();

	const anon = await anonNeeds(browser, village.slug);
	// The need is on the public map one by one: its count is exact for everyone.
	expect(anon.shown).toBe('1');
	expect(anon.entry?.needs).toBe('1');
	expect(anon.entry?.metrics.potrzeby.value).toBeGreaterThan(0);

	await page.goto(`/prezentacja?wies=${village.slug}`);
	await expect(page.getByTestId('card-needs')).toHaveText('1');
	await expect(card(page)).toContainText(title);
	const staffApi = (await (await page.request.get('/api/prezentacja')).json()) as {
		villages: { slug: string; needs: string }[];
	};
	expect(staffApi.villages.find((v) => v.slug === village.slug)?.needs).toBe('1');

	// Leave the demo picture as it was for later suites: reject the need again.
	await page.goto('/panel/moderacja?status=published');
	await page
		.getByRole('listitem')
		.filter({ has: page.getByText(title, { exact: true }) })
		.getByRole('link', { name: 'Przejrzyj' })
		.click();
	await page.getByLabel('Powód odrzucenia').fill('Wpis testowy.');
	await page.getByLabel('Potwierdzam odrzucenie').check();
	await page.getByRole('button', { name: 'Odrzuć', exact: true }).click();
	await expect(page.getByText('Zapisano.')).toBeVisible();
});
