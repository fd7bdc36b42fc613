import { expect, test } from './fixtures.ts';
import { waitForMapIdle } from './helpers';
import { seriousViolations, submitButton } from './report-helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('no serious or critical axe violations on /zglos, with the map and with errors', async ({
	page
}) => {
	await page.goto('/zglos');
	await waitForMapIdle(page, 'region-outline');
	expect(await seriousViolations(page)).toEqual([]);

	await submitButton(page).click();
	await expect(page.locator('.error-summary')).toBeFocused();
	expect(await seriousViolations(page)).toEqual([]);
});
