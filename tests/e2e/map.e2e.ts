import { expect, test } from './fixtures.ts';
import { collectProblems, waitForMapIdle, type TestWindow } from './helpers';

test.describe('map on /', () => {
	test('renders the village areas and their names from the API, offline', async ({ page }) => {
		const problems = collectProblems(page);
		await page.goto('/');
		await waitForMapIdle(page);

		const rendered = await page.evaluate(() => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('no map');
			const areas = map.queryRenderedFeatures({ layers: ['villages-fill'] });
			const labels = map.queryRenderedFeatures({ layers: ['villages-labels'] });
			return {
				areaIds: [...new Set(areas.map((feature) => feature.id))],
				areaNames: [...new Set(areas.map((feature) => String(feature.properties.name)))],
				labelNames: [...new Set(labels.map((feature) => String(feature.properties.name)))],
				style: map.getStyle().name,
				hasOfflineBackground: Boolean(map.getLayer('offline-background'))
			};
		});

		// The gmina has 65 localities; framed on the whole gmina nearly all of them are on screen.
		expect(rendered.areaIds.length).toBeGreaterThanOrEqual(40);
		expect(rendered.areaNames).toContain('Kramsk');
		expect(rendered.areaNames).toContain('Patrzyków');
		// Labels are a symbol layer: they only render when the offline glyphs are served.
		expect(rendered.labelNames.length).toBeGreaterThanOrEqual(10);
		expect(rendered.labelNames).toContain('Kramsk');

		// The configured basemap is unreachable in the suite, so the offline style took over.
		expect(rendered.style).toBe('offline');
		expect(rendered.hasOfflineBackground).toBe(true);
		await expect(page.getByText('Podkład mapowy jest niedostępny')).toBeVisible();

		await expect(page.getByText('Ładowanie mapy…')).toHaveCount(0);
		expect(problems).toEqual([]);
	});

	test('the first screen is the static village map; MapLibre loads only when wanted', async ({
		page
	}) => {
		const scripts: string[] = [];
		page.on('request', (request) => {
			if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
		});
		await page.goto('/');
		await page.waitForFunction(() => 'started' in document.documentElement.dataset);
		// Drawn on the server: every village area a link, before and without MapLibre.
		const staticMap = page.getByRole('group', { name: /^Mapa wsi: / });
		await expect(staticMap.getByRole('link')).toHaveCount(65);
		expect(await page.evaluate(() => Boolean((window as TestWindow).__map))).toBe(false);
		const initial = scripts.length;

		// Pointing at the map brings MapLibre in; its scripts were neither loaded nor preloaded
		// by the first screen, and the interactive map replaces the static one once ready.
		await waitForMapIdle(page);
		const later = scripts.slice(initial);
		expect(later.length).toBeGreaterThan(0);
		const html = await (await page.request.get('/')).text();
		for (const path of later) expect(html).not.toContain(path);
		await expect(staticMap).toHaveCount(0);
	});

	test('shows the offline map at once while the basemap hangs, then swaps the basemap in', async ({
		page
	}) => {
		// The suite's basemap URL (playwright.config.ts): the first request is held until the test
		// releases it; once released, every request (MapLibre loads the style by its URL) answers.
		const style = {
			version: 8,
			name: 'remote-basemap',
			sources: {},
			layers: [{ id: 'remote-bg', type: 'background', paint: { 'background-color': '#eef' } }]
		};
		let released = false;
		let release: () => Promise<void> = async () => {};
		let hit: () => void = () => {};
		const held = new Promise<void>((resolve) => (hit = resolve));
		await page.route('https://basemap.invalid/**', async (route) => {
			if (released) return route.fulfill({ json: style });
			release = async () => {
				released = true;
				await route.fulfill({ json: style });
			};
			hit();
		});
		await page.goto('/');
		await held;
		// The basemap has not answered, yet the map is ready on the app's own style.
		await waitForMapIdle(page);
		expect(await page.evaluate(() => (window as TestWindow).__map?.getStyle().name)).toBe(
			'offline'
		);
		await expect(page.getByText('Ładowanie mapy…')).toHaveCount(0);
		await release();
		// The basemap arrives: the map switches to it and the app's layers come back on top.
		await page.waitForFunction(() => {
			const map = (window as TestWindow).__map;
			// Between the two styles getStyle() answers nothing: keep asking.
			return map?.getStyle()?.name === 'remote-basemap' && Boolean(map.getLayer('villages-fill'));
		});
		await expect(page.getByText('Podkład mapowy jest niedostępny')).toHaveCount(0);
	});

	test('draws resources by category and clusters needs, all from tiles of the view', async ({
		page
	}) => {
		const api: string[] = [];
		page.on('request', (request) => {
			const { pathname } = new URL(request.url());
			if (pathname.startsWith('/api/')) api.push(pathname);
		});
		await page.goto('/');
		await waitForMapIdle(page);
		const result = await page.evaluate(() => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('no map');
			return {
				resources: map.querySourceFeatures('resources', { sourceLayer: 'resources' }).length,
				needs: map.queryRenderedFeatures({ layers: ['needs-clusters', 'needs-points'] }).length,
				resourceColor: map.getPaintProperty('resources-circles', 'circle-color'),
				sources: map.getStyle().sources
			};
		});
		expect(result.resources).toBeGreaterThan(0);
		expect(result.needs).toBeGreaterThan(0);
		// Colour comes from a data-driven expression over the category slug.
		expect(Array.isArray(result.resourceColor) && result.resourceColor[0]).toBe('match');
		// Needs come as vector tiles, clustered by the server below zoom 16; resources and village
		// areas as vector tiles too.
		expect(result.sources.needs).toMatchObject({ type: 'vector', maxzoom: 16 });
		expect(result.sources.resources).toMatchObject({ type: 'vector' });
		expect(result.sources.villages).toMatchObject({ type: 'vector' });

		// Closer in and panned: the map asks for the tiles of the new view, never a whole layer.
		const tiles = (layer: string) => api.filter((path) => path.startsWith(`/api/tiles/${layer}/`));
		const before = { resources: tiles('resources').length, villages: tiles('villages').length };
		await page.evaluate(() => {
			const map = (window as TestWindow).__map;
			map?.jumpTo({ zoom: 13 });
			map?.panBy([400, 300], { animate: false });
		});
		await waitForMapIdle(page);
		expect(tiles('resources').length).toBeGreaterThan(before.resources);
		expect(tiles('villages').length).toBeGreaterThan(before.villages);
		expect(tiles('needs').length).toBeGreaterThan(0);
		expect(api.filter((path) => /^\/api\/(needs|resources|villages)\.geojson/.test(path))).toEqual(
			[]
		);
	});

	test('clicking a resource opens its popup and leaves the village selection alone', async ({
		page
	}) => {
		await page.goto('/?wies=kramsk');
		await waitForMapIdle(page);
		const target = await page.evaluate(() => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('no map');
			// A resource with no need drawn over it: a click there is about the need on top.
			for (const feature of map.queryRenderedFeatures({ layers: ['resources-circles'] })) {
				if (feature.geometry.type !== 'Point') continue;
				const point = map.project(feature.geometry.coordinates as [number, number]);
				const needs = map.queryRenderedFeatures(
					[
						[point.x - 15, point.y - 15],
						[point.x + 15, point.y + 15]
					],
					{ layers: ['needs-points', 'needs-clusters'] }
				);
				if (needs.length > 0) continue;
				const rect = map.getCanvas().getBoundingClientRect();
				return {
					x: rect.left + point.x,
					y: rect.top + point.y,
					name: String(feature.properties.name)
				};
			}
			throw new Error('no resource on screen clear of needs');
		});
		await page.mouse.click(target.x, target.y);
		const popup = page.locator('.maplibregl-popup');
		await expect(popup).toContainText(target.name);
		await expect(popup).toContainText('Kategoria:');
		await expect(page).toHaveURL(/[?&]wies=kramsk(&|$)/);
	});

	test('legend checkboxes hide and show layers without rebuilding them', async ({ page }) => {
		await page.goto('/');
		await waitForMapIdle(page);
		const visibility = () =>
			page.evaluate(() => {
				const map = (window as TestWindow).__map;
				if (!map) throw new Error('no map');
				return {
					resources: map.getLayoutProperty('resources-circles', 'visibility') ?? 'visible',
					needs: map.getLayoutProperty('needs-points', 'visibility') ?? 'visible',
					villages: map.getLayoutProperty('villages-fill', 'visibility') ?? 'visible'
				};
			});

		const resources = page.getByRole('checkbox', { name: 'Zasoby' });
		await expect(resources).toBeChecked();
		// Keyboard: focus the checkbox and toggle it with Space.
		await resources.focus();
		await page.keyboard.press('Space');
		await expect(resources).not.toBeChecked();
		await expect.poll(visibility).toMatchObject({ resources: 'none', needs: 'visible' });

		await page.getByRole('checkbox', { name: 'Potrzeby i pomysły' }).check();
		await page.getByRole('checkbox', { name: 'Potrzeby i pomysły' }).uncheck();
		await expect.poll(visibility).toMatchObject({ resources: 'none', needs: 'none' });

		await resources.check();
		await expect.poll(visibility).toMatchObject({ resources: 'visible', villages: 'visible' });
	});
});
