import { expect, test } from './fixtures.ts';
import { REF } from './report-helpers';

test('without JavaScript: the village list and a plain form post give a reference', async ({
	browser
}) => {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		viewport: { width: 390, height: 844 },
		locale: 'pl-PL'
	});
	const page = await context.newPage();
	await page.goto('/zglos');
	await expect(page.locator('.maplibregl-canvas')).toHaveCount(0);

	await page.getByLabel('Miejscowość', { exact: true }).selectOption('kramsk');
	await page.getByRole('radio', { name: /^Pomysł/ }).check();
	await page.getByLabel('Kategoria').selectOption('dzieci-i-mlodziez');
	await page.getByLabel('Tytuł').fill('Boisko przy szkole bez JavaScriptu');
	await page.getByLabel('Opis').fill('Ogrodzenie i bramki.');
	// A contact without consent: the server refuses, the page comes back with everything typed.
	await page.getByLabel('E-mail lub numer telefonu').fill('jan@example.pl');
	await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();

	await expect(page.locator('.error-summary')).toContainText('zaznacz zgodę');
	await expect(page.getByLabel('Tytuł')).toHaveValue('Boisko przy szkole bez JavaScriptu');
	await expect(page.getByLabel('Opis')).toHaveValue('Ogrodzenie i bramki.');
	await expect(page.getByLabel('Miejscowość', { exact: true })).toHaveValue('kramsk');
	await expect(page.getByLabel('Kategoria')).toHaveValue('dzieci-i-mlodziez');
	await expect(page.getByRole('radio', { name: /^Pomysł/ })).toBeChecked();
	await expect(page.getByLabel('E-mail lub numer telefonu')).toHaveValue('jan@example.pl');

	await page.getByRole('checkbox', { name: /Zgadzam się/ }).check();
	await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
	await expect(page.getByTestId('report-ref')).toHaveText(REF);
	const ref = (await page.getByTestId('report-ref').textContent())?.trim();

	await page.getByTestId('status-link').click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(ref ?? '');
	await expect(page.getByTestId('need-status')).toHaveText('Nowe');
	await context.close();
});
