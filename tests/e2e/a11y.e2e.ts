import { expect, test } from './fixtures.ts';
import { waitForMapIdle } from './helpers';
import { seriousViolations } from './report-helpers';

test('no serious or critical axe violations with a village open and search results shown', async ({
	page
}) => {
	await page.goto('/?wies=kramsk');
	await waitForMapIdle(page);
	await page.getByRole('combobox', { name: 'Adres: miejscowość, ulica i numer' }).fill('kramsk');
	await expect(page.getByRole('listbox')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('skip link moves to the main content', async ({ page }) => {
	await page.goto('/');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Przejdź do treści' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeVisible();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#main$/);
	await expect(page.locator('main')).toBeFocused();
});

test('the English version uses English strings', async ({ page }) => {
	await page.goto('/en');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Map of Kramsk Commune');
	await expect(page.getByRole('note')).toContainText('Demo data');
});
