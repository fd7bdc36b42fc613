import { expect, test, type Page } from './fixtures.ts';
import { collectProblems, fetchVillages, waitForMapIdle, type TestWindow } from './helpers';

async function expectCleanPage(page: Page) {
	await expect(page.locator('vite-error-overlay')).toHaveCount(0);
	await expect(page.getByText('Nie udało się wyświetlić mapy')).toHaveCount(0);
	await expect(page.getByText('Ładowanie mapy…')).toHaveCount(0);
	await expect(page.getByRole('heading', { level: 1, name: 'Mapa gminy Kramsk' })).toBeVisible();
}

test.describe('desktop 1280×800', () => {
	test.use({ viewport: { width: 1280, height: 800 } });

	test('home page screenshot', async ({ page }) => {
		const problems = collectProblems(page);
		await page.goto('/');
		await waitForMapIdle(page);
		await expectCleanPage(page);
		// Side by side on a desktop: the map is left of the village list.
		const map = await page.locator('.map').boundingBox();
		const list = await page
			.getByRole('heading', { name: 'Miejscowości', exact: true })
			.boundingBox();
		expect(map && list && map.x + map.width <= list.x).toBe(true);
		await page.screenshot({ path: 'test-results/screenshots/home-desktop.png' });

		await page.goto('/?wies=kramsk');
		await waitForMapIdle(page);
		await page.screenshot({ path: 'test-results/screenshots/village-desktop.png' });
		expect(problems).toEqual([]);
	});
});

test.describe('phone 390×844', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('home page screenshot', async ({ page }) => {
		const problems = collectProblems(page);
		await page.goto('/');
		await waitForMapIdle(page);
		await expectCleanPage(page);
		// Narrow screens stack: the map comes first, the village list below it.
		const map = await page.locator('.map').boundingBox();
		const list = await page
			.getByRole('heading', { name: 'Miejscowości', exact: true })
			.boundingBox();
		expect(map && list && map.y + map.height <= list.y).toBe(true);
		// Nothing wider than the screen (no sideways scrolling for residents on phones).
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: 'test-results/screenshots/home-phone.png' });
		await page.screenshot({ path: 'test-results/screenshots/home-phone-full.png', fullPage: true });

		// The first view frames the whole gmina: every village's area is within the map's bounds.
		const villages = await fetchVillages(page);
		const view = await page.evaluate(() => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('no map');
			return map.getBounds().toArray().flat();
		});
		const [west, south, east, north] = view;
		const cut = villages.filter(
			({ bbox: [w, s, e, n] }) => w < west || s < south || e > east || n > north
		);
		expect(cut.map((village) => village.name)).toEqual([]);

		// The source attribution starts collapsed to its button on a phone.
		const attribution = page.locator('.maplibregl-ctrl-attrib');
		await expect(attribution).toHaveClass(/maplibregl-compact(\s|$)/);
		await expect(attribution).not.toHaveClass(/maplibregl-compact-show/);

		// Every name is drawn from a point in its own village's area, and a tap on the name (here
		// "Kramsk", beside the cluster of its needs) opens that village.
		const labels = await page.evaluate(() => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('no map');
			const rect = map.getCanvas().getBoundingClientRect();
			return map.queryRenderedFeatures({ layers: ['villages-labels'] }).map((label) => {
				if (label.geometry.type !== 'Point') throw new Error('label is not a point');
				const point = map.project(label.geometry.coordinates as [number, number]);
				const [area] = map.queryRenderedFeatures(point, { layers: ['villages-fill'] });
				// A spot on the drawn name with no point over it: names may sit above or below.
				const onName = [0, -6, 6, -12, 12, -18, 18, -24, 24]
					.map((dy): [number, number] => [point.x, point.y + dy])
					.find((spot) => {
						const hits = map.queryRenderedFeatures(spot, {
							layers: ['villages-labels', 'needs-clusters', 'needs-points', 'resources-circles']
						});
						return (
							hits.length > 0 &&
							hits.every((hit) => hit.layer.id === 'villages-labels' && hit.id === label.id)
						);
					});
				return {
					name: String(label.properties.name),
					under: area ? String(area.properties.name) : null,
					tap: onName ? { x: rect.left + onName[0], y: rect.top + onName[1] } : null
				};
			});
		});
		expect(labels.filter((label) => label.under !== label.name)).toEqual([]);
		const kramsk = labels.find((label) => label.name === 'Kramsk')?.tap;
		expect(kramsk).toBeTruthy();
		if (kramsk) await page.touchscreen.tap(kramsk.x, kramsk.y);
		await expect(page).toHaveURL(/[?&]wies=kramsk(&|$)/);
		await waitForMapIdle(page);

		// A popup of a point just below the buttons over the map, with room for it above the point
		// (where MapLibre puts it) only if it covered them, stays clear of them.
		const popup = page.locator('.maplibregl-popup');
		// A resource on screen, brought to the middle at street zoom, where no other point or name
		// lies within a finger's width of it (earlier tests in this worker may have added resources
		// and needs anywhere).
		const resource = await page.evaluate(() => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('no map');
			const [feature] = map.queryRenderedFeatures({ layers: ['resources-circles'] });
			if (!feature || feature.geometry.type !== 'Point') throw new Error('no resource on screen');
			const center = feature.geometry.coordinates as [number, number];
			map.jumpTo({ center, zoom: 17 });
			return center;
		});
		await waitForMapIdle(page);
		const tapResource = async (fromTop: (popupHeight: number) => number, popupHeight: number) => {
			const at = await page.evaluate(
				({ resource, y }) => {
					const map = (window as TestWindow).__map;
					if (!map) throw new Error('no map');
					map.panBy([0, map.project(resource).y - y], { animate: false });
					const rect = map.getCanvas().getBoundingClientRect();
					const point = map.project(resource);
					return { x: rect.left + point.x, y: rect.top + point.y };
				},
				{ resource, y: fromTop(popupHeight) }
			);
			await waitForMapIdle(page);
			await page.touchscreen.tap(at.x, at.y);
			await expect(popup).toBeVisible();
			await waitForMapIdle(page);
		};
		await tapResource(() => 250, 0);
		const height = (await popup.boundingBox())?.height ?? 0;
		await tapResource((h) => h + 20, height);
		const popupBox = await popup.boundingBox();
		const mapBox = await page.locator('.map').boundingBox();
		for (const button of await page.locator('.map-tools .button').all()) {
			const box = await button.boundingBox();
			expect(popupBox && box && popupBox.y >= box.y + box.height).toBe(true);
		}
		expect(popupBox && mapBox && popupBox.y + popupBox.height <= mapBox.y + mapBox.height).toBe(
			true
		);
		expect(problems).toEqual([]);
	});
});
