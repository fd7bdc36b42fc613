import { expect, test } from './fixtures.ts';

// The suite's server runs with DEMO=1, so fictional data is loaded and must be announced.
test('the demo-data notice is visible on the map page', async ({ page }) => {
	await page.goto('/');
	const notice = page.getByRole('note');
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('Dane przykładowe');
});

test('the demo-data notice is visible on an error page too', async ({ page }) => {
	const response = await page.goto('/nie-ma-takiej-strony');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wystąpił błąd');
	await expect(page.getByRole('note')).toContainText('Dane przykładowe');
});
