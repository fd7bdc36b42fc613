import { expect, test } from '@playwright/test';

test('the privacy page linked from the consent text exists in Polish and English', async ({
	page
}) => {
	await page.goto('/rodo');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Ochrona danych osobowych (RODO)'
	);
	await expect(page.getByText(/nigdy go nie publikujemy/)).toBeVisible();
	await page.goto('/en/rodo');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Personal data protection (GDPR)'
	);
});
