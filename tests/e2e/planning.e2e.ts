import { expect, test } from './fixtures.ts';
import { signIn } from './auth-helpers';
import type { TestWindow } from './helpers';
import { seriousViolations } from './report-helpers';

// The planning panel: staff only, read-only, a GET form that works without
// JavaScript, accessible tables for every figure, a map with turf previews.

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

test('organizer picks Kramsk: needs, resources, coverage of 65 villages, venues with a plan link; no axe violations', async ({
	page
}) => {
	await signIn(page, 'organizer', '/panel/planowanie');
	await page.getByRole('combobox', { name: 'Wieś', exact: true }).selectOption('kramsk');
	await page.getByRole('button', { name: 'Pokaż' }).click();
	await expect(page).toHaveURL(/wies=kramsk/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Planowanie: Kramsk');

	await expect(page.getByRole('table', { name: 'Potrzeby według kategorii' })).toBeVisible();
	await expect(page.getByRole('table', { name: /Zasoby na obszarze/ })).toBeVisible();
	const ranking = page.getByRole('table', { name: /według luki w dostępności/ });
	await expect(ranking.locator('tbody tr')).toHaveCount(65);
	await expect(page.getByText(/Kramsk: .*punktów adresowych \(\d+ z 433\)/)).toBeVisible();

	const plan = page.getByRole('link', { name: /Zaplanuj działanie tutaj/ }).first();
	await expect(plan).toHaveAttribute(
		'href',
		new RegExp(`^/panel/dzialania/nowe\\?wies=kramsk&venue=${UUID}&needs=${UUID}(,${UUID})*$`)
	);

	await page.waitForFunction(() => Boolean((window as TestWindow).__map?.loaded()), null, {
		timeout: 45_000
	});
	expect(await seriousViolations(page)).toEqual([]);
});

test('the ruler measures a straight line between two clicks on the map', async ({ page }) => {
	await signIn(page, 'organizer', '/panel/planowanie?wies=kramsk');
	await page.waitForFunction(() => Boolean((window as TestWindow).__map?.loaded()), null, {
		timeout: 45_000
	});
	await page.getByLabel('linijka').check();
	const map = page.getByTestId('planning-map');
	await map.scrollIntoViewIfNeeded();
	const box = await map.boundingBox();
	if (!box) throw new Error('no map box');
	await page.mouse.click(box.x + 100, box.y + 100);
	await expect(page.getByText('Kliknij drugi punkt.')).toBeVisible();
	await page.mouse.click(box.x + 400, box.y + 250);
	await expect(page.getByText(/Odległość w linii prostej: [\d,]+ (km|m)\./)).toBeVisible();
});

test('council reads the panel for a sołectwo without the plan link', async ({ page }) => {
	await signIn(page, 'council', '/panel/planowanie');
	const solectwo = page.getByRole('combobox', { name: 'Sołectwo', exact: true });
	const value = await solectwo
		.locator('option')
		.evaluateAll((options) =>
			options.map((o) => (o as HTMLOptionElement).value).find((v) => v !== '')
		);
	if (!value) throw new Error('no sołectwo to pick');
	await solectwo.selectOption(value);
	await page.getByRole('button', { name: 'Pokaż' }).click();
	await expect(page).toHaveURL(new RegExp(`solectwo=${value}`));
	await expect(page.getByRole('heading', { name: 'Potrzeby', exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: /Zaplanuj działanie tutaj/ })).toHaveCount(0);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the GET form and venue filters work; bad values fall back with a message', async ({
		page
	}) => {
		await signIn(page, 'organizer', '/panel/planowanie?wies=kramsk&r=-1');
		await expect(page.getByRole('alert')).toContainText('Promień zasobów w pobliżu');
		await page.getByLabel('Tylko bez barier').check();
		await page.getByRole('button', { name: 'Zaproponuj miejsca' }).click();
		await expect(page).toHaveURL(/bez_barier=tak/);
		await expect(page).toHaveURL(/wies=kramsk/);
		await expect(page.getByLabel('Tylko bez barier')).toBeChecked();
	});
});

test('anonymous visitors are sent to sign in', async ({ page }) => {
	await page.goto('/panel/planowanie');
	await expect(page).toHaveURL(/\/logowanie\?next=/);
});
