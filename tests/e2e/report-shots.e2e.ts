import { expect, test } from './fixtures.ts';
import { collectProblems, waitForMapIdle } from './helpers';

test.describe('phone 390×844', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('report form fits the screen, screenshot', async ({ page }) => {
		const problems = collectProblems(page);
		await page.goto('/zglos');
		await waitForMapIdle(page, 'region-outline');
		await expect(page.getByText('Ładowanie mapy…')).toHaveCount(0);
		// Nothing wider than the screen: no sideways scrolling on a phone.
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: 'test-results/screenshots/report-phone.png' });
		await page.screenshot({
			path: 'test-results/screenshots/report-phone-full.png',
			fullPage: true
		});
		expect(problems).toEqual([]);
	});
});

test.describe('desktop 1280×800', () => {
	test.use({ viewport: { width: 1280, height: 800 } });

	test('report form screenshot', async ({ page }) => {
		await page.goto('/zglos');
		await waitForMapIdle(page, 'region-outline');
		await page.screenshot({ path: 'test-results/screenshots/report-desktop.png', fullPage: true });
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zgłoś potrzebę lub pomysł');
	});
});
