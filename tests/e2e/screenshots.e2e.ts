import { expect, test, type Page } from './fixtures.ts';
import { collectProblems, waitForMapIdle } from './helpers';

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
		expect(problems).toEqual([]);
	});
});
