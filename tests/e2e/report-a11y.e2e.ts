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

test('no serious or critical axe violations on the status page', async ({ page }) => {
	const response = await page.request.post('/api/needs', {
		multipart: {
			kind: 'idea',
			category: 'kultura',
			title: 'Dożynki gminne w Kramsku',
			village: 'kramsk',
			idempotency_key: crypto.randomUUID()
		}
	});
	expect(response.status()).toBe(201);
	const { status_url: statusUrl } = (await response.json()) as { status_url: string };
	await page.goto(statusUrl);
	await expect(page.getByTestId('need-status')).toHaveText('Nowe');
	expect(await seriousViolations(page)).toEqual([]);
});
