import { expect, test, type Page } from './fixtures.ts';
import { signIn } from './auth-helpers';
import { seriousViolations } from './report-helpers';

// "Diagnoza społeczności lokalnej" in the browser: a draft narrative is for staff only, print
// shows the snapshot footer, and the pages pass axe in both languages (the downloads:
// tests/http/open-data.spec.ts).

test('exact counts of public items, for the public and for organizers alike', async ({
	page,
	request
}) => {
	const summary = await (await request.get('/api/villages/kramsk/summary')).json();
	const needs = summary.needs.total as number;
	const figure = (p: Page) =>
		p.locator('.figures div', { hasText: 'Potrzeby i pomysły' }).locator('dd');
	await page.goto('/diagnoza/kramsk');
	await expect(figure(page)).toHaveText(String(needs));
	await signIn(page, 'organizer');
	await page.goto('/diagnoza/kramsk');
	await expect(figure(page)).toHaveText(String(needs));
});

test.describe.serial('the narrative: draft for staff, published for everyone', () => {
	const text = `Wnioski e2e ${Date.now()}`;

	test('an organizer saves a draft; anon does not see it, council does, marked "Szkic"', async ({
		page,
		browser
	}) => {
		await signIn(page, 'organizer', '/panel/diagnozy?obszar=kramsk');
		await expect(page.getByRole('heading', { level: 2, name: 'Kramsk' })).toBeVisible();
		await page.getByLabel('Wnioski i rekomendacje').fill(text);
		await page.getByRole('button', { name: 'Zapisz szkic' }).click();
		await expect(page.getByRole('status')).toHaveText('Zapisano szkic.');
		expect(await seriousViolations(page)).toEqual([]);

		const anon = await browser.newPage();
		await anon.goto('/diagnoza/kramsk');
		await expect(anon.getByRole('heading', { level: 1 })).toHaveText('Diagnoza: Kramsk');
		await expect(anon.getByText(text)).toHaveCount(0);
		expect(await (await anon.request.get('/api/diagnoza/kramsk.csv')).text()).not.toContain(text);
		await anon.close();

		const council = await browser.newPage();
		await signIn(council, 'council', '/diagnoza/kramsk');
		await expect(council.getByText(text)).toBeVisible();
		await expect(council.locator('.narrative .draft')).toHaveText('Szkic');
		// Council reads the panel but has no write controls.
		await council.goto('/panel/diagnozy?obszar=kramsk');
		await expect(council.getByRole('button', { name: 'Zapisz szkic' })).toHaveCount(0);
		await council.close();
	});

	test('publishing needs a confirmation; then anon sees the narrative with its date', async ({
		page,
		browser
	}) => {
		await signIn(page, 'organizer', '/panel/diagnozy?obszar=kramsk');
		await page.getByRole('button', { name: 'Opublikuj' }).click();
		await expect(page.getByRole('alert').first()).toContainText('Zaznacz potwierdzenie.');
		await page.getByLabel(/Potwierdzam publikację/).check();
		await page.getByRole('button', { name: 'Opublikuj' }).click();
		await expect(page.getByRole('status')).toHaveText('Opublikowano wnioski.');

		const anon = await browser.newPage();
		await anon.goto('/diagnoza/kramsk');
		await expect(anon.getByText(text)).toBeVisible();
		await expect(anon.locator('.narrative .meta')).toContainText('Opublikowano');
		await anon.goto('/diagnoza');
		await expect(anon.getByRole('link', { name: 'Kramsk' }).first()).toBeVisible();
		await anon.close();
	});
});

test('printing shows the data snapshot footer', async ({ page }) => {
	await page.goto('/diagnoza/kramsk');
	const footer = page.getByTestId('print-footer');
	await expect(footer).toBeHidden();
	await page.emulateMedia({ media: 'print' });
	await expect(footer).toBeVisible();
	await expect(footer).toContainText('stan danych');
	await expect(footer).toHaveCSS('position', 'fixed');
	await expect(page.locator('.site-header')).toBeHidden();
});

test('the index is a keyboard list of the gmina, sołectwa and villages', async ({ page }) => {
	await page.goto('/diagnoza');
	await expect(page.getByRole('heading', { level: 2, name: 'Sołectwa' })).toBeVisible();
	await page.getByRole('link', { name: 'Gmina Kramsk' }).focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/diagnoza\/gmina$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Diagnoza: Gmina Kramsk');
});
