import { expect, test } from './fixtures.ts';
import { distanceMetres, gotoSettled, mapCenter, waitForMapIdle } from './helpers';

interface AddressHit {
	label: string;
	lon: number;
	lat: number;
}

test('address search: type, choose with the keyboard, the map centres on the address', async ({
	page
}) => {
	const query = 'kramsk pogorzelna 6';
	const response = await page.request.get(`/api/address-search?q=${encodeURIComponent(query)}`);
	expect(response.ok()).toBe(true);
	const hits: AddressHit[] = await response.json();
	expect(hits.length).toBeGreaterThan(0);
	const expected = hits[0];

	await page.goto('/');
	await waitForMapIdle(page);

	const input = page.getByRole('combobox', { name: 'Adres: miejscowość, ulica i numer' });
	await input.focus();
	await page.keyboard.type(query);
	const listbox = page.getByRole('listbox', { name: 'Znalezione adresy' });
	await expect(listbox).toBeVisible();
	await expect(input).toHaveAttribute('aria-expanded', 'true');
	await expect(page.getByRole('status').filter({ hasText: 'Znalezione adresy:' })).toBeVisible();

	await page.keyboard.press('ArrowDown');
	const option = listbox.getByRole('option', { name: expected.label });
	await expect(option).toHaveAttribute('aria-selected', 'true');
	await expect(input).toHaveAttribute(
		'aria-activedescendant',
		(await option.getAttribute('id')) ?? ''
	);
	await expect(input).toBeFocused();

	await page.keyboard.press('Enter');
	await expect(listbox).toBeHidden();
	await expect(input).toHaveValue(expected.label);
	await expect(page.getByText(`Pokazano na mapie: ${expected.label}`)).toBeVisible();
	await expect(page.getByRole('img', { name: `Wybrany adres: ${expected.label}` })).toBeVisible();

	await expect
		.poll(async () =>
			distanceMetres(await mapCenter(page), { lng: expected.lon, lat: expected.lat })
		)
		.toBeLessThan(50);
});

test('address search says so in Polish when nothing matches', async ({ page }) => {
	await page.goto('/');
	const input = page.getByRole('combobox', { name: 'Adres: miejscowość, ulica i numer' });
	await input.fill('Zzyzx 999');
	await expect(page.getByText('Nie znaleziono takiego adresu')).toBeVisible();
	await expect(input).toHaveAttribute('aria-expanded', 'false');
});

test('address search tolerates missing Polish letters and capitals', async ({ page }) => {
	await page.goto('/');
	const input = page.getByRole('combobox', { name: 'Adres: miejscowość, ulica i numer' });
	await input.fill('PATRZYKOW 1');
	await expect(page.getByRole('option').first()).toContainText('Patrzyków');
});

// The device decides the arrow-keys hint (a media query in the browser), so these need a browser.
test('a village name offers the village first and says there are more; Enter selects the village', async ({
	page
}) => {
	await gotoSettled(page, '/');
	await expect(page.getByText('Wybierz wynik strzałkami w górę i w dół')).toBeVisible();
	const input = page.getByRole('combobox', { name: 'Adres: miejscowość, ulica i numer' });
	await input.fill('Wysokie');
	const options = page.getByRole('listbox', { name: 'Znalezione adresy' }).getByRole('option');
	await expect(options).toHaveCount(10);
	await expect(options.first()).toContainText(/^\s*Wysokie\s+miejscowość/);
	await expect(page.getByText('Jest więcej wyników, niż pokazano').first()).toBeVisible();
	await input.press('ArrowDown');
	await input.press('Enter');
	await expect(page).toHaveURL(/[?&]wies=wysokie/);
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('no arrow-keys hint; a typo still finds the village', async ({ page }) => {
		await gotoSettled(page, '/');
		const input = page.getByRole('combobox', { name: 'Adres: miejscowość, ulica i numer' });
		await expect(input).toBeVisible();
		await expect(page.getByText('Wybierz wynik strzałkami w górę i w dół')).toHaveCount(0);
		await input.tap();
		await input.fill('Krmsk');
		const first = page.getByRole('option').first();
		await expect(first).toContainText(/^\s*Kramsk\s+miejscowość/);
		await first.tap();
		await expect(page).toHaveURL(/[?&]wies=kramsk/);
		await expect(page.getByText('Wybierz wynik strzałkami w górę i w dół')).toHaveCount(0);
	});
});
