import { expect, test } from './fixtures.ts';

// The privacy notice linked from the consent text, editable by admins.
test('the privacy page linked from the consent text exists in Polish and English', async ({
	page
}) => {
	await page.goto('/zglos');
	await page
		.getByRole('link', { name: 'Informacja o przetwarzaniu danych osobowych (RODO)' })
		.click();
	await expect(page).toHaveURL(/\/rodo$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(
		'Ochrona danych osobowych (RODO)'
	);
	await expect(page.getByText(/nigdy go nie publikujemy/)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Administrator danych' })).toBeVisible();
	await expect(page.getByText(/Prezesa Urzędu Ochrony Danych Osobowych/)).toBeVisible();
	await page.goto('/en/rodo');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Personal data protection (GDPR)'
	);
	await expect(page.getByText(/we never publish it/)).toBeVisible();
});
