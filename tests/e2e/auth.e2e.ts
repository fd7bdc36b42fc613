import { expect, test } from './fixtures.ts';
import { E2E_PASSWORD, USERS, signInWithForm } from './auth-helpers.ts';
import { seriousViolations } from './report-helpers.ts';

// /panel needs a role; local accounts made by `npm run user:create` sign in
// at /logowanie; logout ends the session; council is read-only; users are the admin's.

test('an anonymous request to /panel is redirected to the login page and back after signing in', async ({
	page
}) => {
	const response = await page.request.get('/panel/uzytkownicy', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers().location).toBe('/logowanie?next=%2Fpanel%2Fuzytkownicy');

	await page.goto('/panel');
	await expect(page).toHaveURL(/\/logowanie\?next=%2Fpanel$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Logowanie' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
});

test('a wrong password is refused with a message and the e-mail stays filled in', async ({
	page
}) => {
	await page.goto('/logowanie');
	await page.getByLabel('Adres e-mail').fill(USERS.organizer);
	await page.getByLabel('Hasło').fill('to-nie-jest-haslo');
	await page.getByRole('button', { name: 'Zaloguj się' }).click();
	await expect(page.getByRole('alert')).toContainText('Nieprawidłowy e-mail lub hasło.');
	await expect(page.getByLabel('Adres e-mail')).toHaveValue(USERS.organizer);
});

test('the admin made by user:create signs in, sees the admin sections, and signs out', async ({
	page,
	context
}) => {
	await signInWithForm(page, 'admin');
	await expect(page.getByText(`Zalogowano jako ${USERS.admin} (administrator)`)).toBeVisible();
	const nav = page.getByRole('navigation', { name: 'Sekcje panelu' });
	await expect(nav.getByRole('link', { name: 'Użytkownicy' })).toBeVisible();
	const cookie = (await context.cookies()).find((c) => c.name === 'mz_session');
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
	// Panel pages are private: no browser or proxy keeps them.
	expect((await page.request.get('/panel')).headers()['cache-control']).toBe('private, no-store');

	await nav.getByRole('link', { name: 'Użytkownicy' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Użytkownicy panelu' })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: USERS.council })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	await page.getByRole('button', { name: 'Wyloguj' }).click();
	await expect(page).toHaveURL(/\/logowanie\?wylogowano/);
	await expect(page.getByText('Wylogowano.')).toBeVisible();
	await page.goto('/panel');
	await expect(page).toHaveURL(/\/logowanie/);
});

test('council is read-only and cannot open the admin pages', async ({ page }) => {
	await signInWithForm(page, 'council');
	await expect(page.getByText('Masz dostęp tylko do odczytu.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Użytkownicy' })).toHaveCount(0);
	const response = await page.goto('/panel/uzytkownicy');
	expect(response?.status()).toBe(403);
});

test('an admin creates an organizer account that can then sign in', async ({ page, browser }) => {
	await signInWithForm(page, 'admin', '/panel/uzytkownicy');
	const email = `nowy-${Date.now()}@kramsk.test`;
	await page.getByLabel('E-mail', { exact: true }).fill(email);
	await page.getByLabel('Rola', { exact: true }).selectOption('organizer');
	await page.getByLabel(/Hasło początkowe/).fill(E2E_PASSWORD);
	await page.getByRole('button', { name: 'Utwórz konto' }).click();
	await expect(page.getByText(`Utworzono konto ${email}.`)).toBeVisible();

	const other = await browser.newPage();
	await other.goto('/logowanie');
	await other.getByLabel('Adres e-mail').fill(email);
	await other.getByLabel('Hasło').fill(E2E_PASSWORD);
	await other.getByRole('button', { name: 'Zaloguj się' }).click();
	await expect(other).toHaveURL(/\/panel$/);
	await expect(other.getByText(`Zalogowano jako ${email} (organizator)`)).toBeVisible();
	await other.close();
});
