import { expect, test, type Page } from './fixtures.ts';
import { encodeTile } from '../../src/lib/server/tiles/tiles.ts';
import { waitForMapIdle, type TestWindow } from './helpers';

interface NeedFeature {
	geometry: { coordinates: [number, number] };
	properties: { id: string; title: string; support_count: number };
}

async function publishedNeeds(page: Page): Promise<NeedFeature[]> {
	const body = (await (await page.request.get('/api/needs.geojson')).json()) as {
		features: NeedFeature[];
	};
	return body.features;
}

/**
 * Published needs that stand alone at their point: other suites (report, consultation, journey)
 * may leave several reports at one village centre, and a click there opens the one on top.
 */
async function loneNeeds(page: Page): Promise<NeedFeature[]> {
	const needs = await publishedNeeds(page);
	const at = (n: NeedFeature) => n.geometry.coordinates.join(',');
	const lone = needs.filter((n) => needs.filter((o) => at(o) === at(n)).length === 1);
	expect(lone.length).toBeGreaterThan(1);
	return lone;
}

/** Shows the need as a point of its own (not part of a cluster); returns where to click it. */
async function showNeed(page: Page, [lon, lat]: [number, number]) {
	await page.evaluate(
		([lng, lat]) => (window as TestWindow).__map?.jumpTo({ center: [lng, lat], zoom: 17 }),
		[lon, lat] as const
	);
	await waitForMapIdle(page);
	return page.evaluate(
		([lng, lat]) => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('no map');
			const point = map.project([lng, lat]);
			const rect = map.getCanvas().getBoundingClientRect();
			return { x: rect.left + point.x, y: rect.top + point.y };
		},
		[lon, lat] as const
	);
}

test('"Popieram" in a need\'s popup adds one support, is remembered, and can be withdrawn', async ({
	page
}) => {
	const need = (await loneNeeds(page))[1];
	const count = need.properties.support_count;

	await page.goto('/');
	await waitForMapIdle(page);
	const target = await showNeed(page, need.geometry.coordinates);
	await page.mouse.click(target.x, target.y);

	const popup = page.locator('.maplibregl-popup');
	await expect(popup).toContainText(need.properties.title);
	await popup.getByRole('button', { name: 'Popieram', exact: true }).click();
	await expect(popup.getByRole('status')).toHaveText(
		`Poparto, dziękujemy! Poparcie mieszkańców: ${count + 1}`
	);
	// One count in the popup, never the old one beside the new one.
	await expect(popup.getByText(/Poparcie mieszkańców/)).toHaveCount(1);
	await page.screenshot({ path: 'test-results/screenshots/need-popup-support.png' });

	// Closed and opened again, the popup still knows: supported, with the server's count.
	await popup.getByRole('button', { name: 'Zamknij' }).click();
	await expect(popup).toHaveCount(0);
	await page.mouse.click(target.x, target.y);
	await expect(popup.getByRole('button', { name: 'Poparto — cofnij poparcie' })).toBeVisible();
	await expect(popup.getByRole('status')).toHaveText(`Poparcie mieszkańców: ${count + 1}`);

	await popup.getByRole('button', { name: 'Poparto — cofnij poparcie' }).click();
	await expect(popup.getByRole('status')).toHaveText(`Poparcie mieszkańców: ${count}`);
	await expect(popup.getByRole('button', { name: 'Popieram', exact: true })).toBeVisible();

	// Without the device cookie its pages gave it, the browser is told why, and nothing counts.
	await page.context().clearCookies();
	await popup.getByRole('button', { name: 'Popieram', exact: true }).click();
	await expect(popup.getByRole('status')).toHaveText(
		'Ta przeglądarka nie dostała jeszcze identyfikatora od strony aplikacji. Odśwież stronę i spróbuj ponownie.'
	);
	expect(
		(await publishedNeeds(page)).find((n) => n.properties.id === need.properties.id)
	).toMatchObject({ properties: { support_count: count } });
});

test('one click where a resource and a need overlap opens one popup, for the need on top', async ({
	page
}) => {
	const need = (await loneNeeds(page))[0];
	// A resource placed exactly under the need: the map's resource tiles hold only it.
	await page.route('**/api/tiles/resources/**', (route) => {
		const [z, x, y] = new URL(route.request().url()).pathname
			.replace(/\.mvt$/, '')
			.split('/')
			.slice(-3)
			.map(Number);
		const tile = encodeTile(
			'resources',
			[
				{
					type: 'Feature',
					geometry: { type: 'Point', coordinates: need.geometry.coordinates },
					properties: { name: 'Zasób pod potrzebą', category: '', locality: '' }
				}
			],
			{ z, x, y },
			0
		);
		return route.fulfill({
			body: Buffer.from(tile),
			contentType: 'application/vnd.mapbox-vector-tile'
		});
	});
	await page.goto('/');
	await waitForMapIdle(page);
	const target = await showNeed(page, need.geometry.coordinates);
	// The resource is drawn there, under the need.
	const under = await page.evaluate(({ x, y }) => {
		const map = (window as TestWindow).__map;
		if (!map) throw new Error('no map');
		const rect = map.getCanvas().getBoundingClientRect();
		return map
			.queryRenderedFeatures([x - rect.left, y - rect.top], { layers: ['resources-circles'] })
			.map((feature) => String(feature.properties.name));
	}, target);
	expect(under).toEqual(['Zasób pod potrzebą']);
	await page.mouse.click(target.x, target.y);

	const popup = page.locator('.maplibregl-popup');
	await expect(popup).toContainText(need.properties.title);
	await expect(popup).toHaveCount(1);
	await expect(popup).not.toContainText('Zasób pod potrzebą');
	// The popup is drawn above the tools over the map ("Pokaż całą gminę").
	const zIndex = await popup.evaluate((element) => Number(getComputedStyle(element).zIndex));
	expect(zIndex).toBeGreaterThan(3);
});
