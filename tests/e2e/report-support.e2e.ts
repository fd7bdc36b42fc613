import { expect, test } from '@playwright/test';
import { waitForMapIdle, type TestWindow } from './helpers';

test('"Popieram" in a need\'s popup on the map adds one support, and can be withdrawn', async ({
	page
}) => {
	const needs = (await (await page.request.get('/api/needs.geojson')).json()) as {
		features: {
			geometry: { coordinates: [number, number] };
			properties: { title: string; support_count: number };
		}[];
	};
	const need = needs.features[1];
	const [lon, lat] = need.geometry.coordinates;

	await page.goto('/');
	await waitForMapIdle(page);
	// Close enough that the need is a point of its own, not part of a cluster.
	await page.evaluate(
		([lng, lat]) => (window as TestWindow).__map?.jumpTo({ center: [lng, lat], zoom: 17 }),
		[lon, lat] as const
	);
	await waitForMapIdle(page);
	const target = await page.evaluate(
		([lng, lat]) => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('no map');
			const point = map.project([lng, lat]);
			const rect = map.getCanvas().getBoundingClientRect();
			return { x: rect.left + point.x, y: rect.top + point.y };
		},
		[lon, lat] as const
	);
	await page.mouse.click(target.x, target.y);

	const popup = page.locator('.maplibregl-popup');
	await expect(popup).toContainText(need.properties.title);
	await popup.getByRole('button', { name: 'Popieram' }).click();
	await expect(popup.getByRole('status')).toHaveText(
		`Poparto, dziękujemy! Poparcie mieszkańców: ${need.properties.support_count + 1}`
	);
	await page.screenshot({ path: 'test-results/screenshots/need-popup-support.png' });
	await popup.getByRole('button', { name: 'Wycofaj poparcie' }).click();
	await expect(popup.getByRole('status')).toHaveText(
		`Poparcie mieszkańców: ${need.properties.support_count}`
	);
});
