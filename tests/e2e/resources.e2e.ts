import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures.ts';
import { signIn } from './auth-helpers.ts';
import { seriousViolations } from './report-helpers.ts';

// Resource register: create with the place from an address, publish to the
// public API, all-or-nothing import with a report, CSV export, council read-only, accessibility.

const unique = () => Date.now().toString(36);

async function publicResourceNames(page: Page): Promise<string[]> {
	const response = await page.request.get('/api/resources.geojson');
	expect(response.ok()).toBe(true);
	const body = (await response.json()) as { features: { properties: { name: string } }[] };
	return body.features.map((f) => f.properties.name);
}

test('an organizer adds a resource placed from an address; once published it is in the public API', async ({
	page
}) => {
	const name = `Świetlica e2e ${unique()}`;
	await signIn(page, 'organizer', '/panel/zasoby/nowy');
	await expect(page.getByRole('heading', { level: 1, name: 'Nowy zasób' })).toBeVisible();

	const search = page.getByRole('combobox', { name: 'Adres' });
	await search.fill('Kramsk Kolejowa 1');
	await page.getByRole('option', { name: 'Kramsk, Kolejowa 1', exact: true }).click();
	await expect(page.getByLabel('Szerokość geograficzna (lat)')).toHaveValue('52.264664');
	await expect(page.getByLabel('Długość geograficzna (lon)')).toHaveValue('18.428804');
	await expect(page.getByLabel('Adres', { exact: true })).toHaveValue('Kramsk, Kolejowa 1');

	await page.getByLabel(/^Nazwa/).fill(name);
	await page.getByLabel(/^Kategoria/).selectOption('swietlica');
	await page.getByLabel('Pojemność (liczba osób)').fill('60');
	await page.getByLabel('Dostęp bez schodów').selectOption('partly');
	await page.getByRole('checkbox', { name: 'kuchnia' }).check();
	await page.getByLabel('E-mail instytucji').fill('swietlica@kramsk.example');
	await page.getByRole('button', { name: 'Zapisz' }).click();

	await expect(page).toHaveURL(/\/panel\/zasoby\/[0-9a-f-]{36}\?zapisano=1$/);
	await expect(page.getByText('Zapisano zmiany.')).toBeVisible();
	expect(await publicResourceNames(page)).not.toContain(name);

	await page.getByLabel('Status').selectOption('published');
	await page.getByRole('button', { name: 'Zapisz' }).click();
	await expect(page.getByText('Zapisano zmiany.')).toBeVisible();
	await expect.poll(() => publicResourceNames(page)).toContain(name);
	const response = await page.request.get('/api/resources.geojson');
	const feature = (
		(await response.json()) as { features: { properties: Record<string, unknown> }[] }
	).features.find((f) => f.properties.name === name);
	expect(feature?.properties).toMatchObject({
		capacity: 60,
		step_free: 'partly',
		amenities: ['kitchen']
	});

	// Archiving asks for a confirmation; afterwards the resource leaves the public map.
	await page.getByRole('checkbox', { name: new RegExp(`archiwizuj zasób „${name}”`) }).check();
	await page.getByRole('button', { name: 'Archiwizuj' }).click();
	await expect(page.getByText('Zasób zarchiwizowano.')).toBeVisible();
	await expect.poll(() => publicResourceNames(page)).not.toContain(name);
});

test('a form without a name or a valid place is refused with the errors listed and the input kept', async ({
	page
}) => {
	await signIn(page, 'organizer', '/panel/zasoby/nowy');
	// The map appears once the page is interactive; a click on it sets the point (it opens on
	// the whole gmina, whose centre is inside).
	const canvas = page.locator('.maplibregl-canvas');
	await expect(canvas).toBeVisible();
	await page.waitForTimeout(1500);
	await canvas.click();
	await expect(page.getByLabel('Szerokość geograficzna (lat)')).toHaveValue(/^52\.\d{6}$/);
	await expect(page.getByLabel('Długość geograficzna (lon)')).toHaveValue(/^18\.\d{6}$/);
	await page.getByLabel(/^Kategoria/).selectOption('osp');
	const typed = {
		Opis: 'Opis do zachowania',
		'Pojemność (liczba osób)': '40',
		'Godziny otwarcia': 'pn-pt 8-16'
	};
	for (const [label, value] of Object.entries(typed)) await page.getByLabel(label).fill(value);
	await page.getByLabel('Szerokość geograficzna (lat)').fill('51.759');
	await page.getByLabel('Długość geograficzna (lon)').fill('19.456');
	await page.getByLabel(/^Nazwa/).fill('Poza gminą');
	await page.getByRole('button', { name: 'Zapisz' }).click();
	const summary = page.getByRole('alert').filter({ hasText: 'Nie zapisano zasobu' });
	await expect(summary).toContainText('Punkt leży poza granicą gminy Kramsk.');
	// Focus, and so the view, is on the summary, far above the button that was pressed.
	await expect(summary).toBeFocused();
	await expect(summary).toBeInViewport();
	await expect(page.getByLabel(/^Nazwa/)).toHaveValue('Poza gminą');
	for (const [label, value] of Object.entries(typed))
		await expect(page.getByLabel(label)).toHaveValue(value);
	expect(await seriousViolations(page)).toEqual([]);

	// The next save without a name reaches the server (no silent browser check): the summary
	// now names only the name, and the message about the point is gone.
	await page.getByLabel('Szerokość geograficzna (lat)').fill('52.265');
	await page.getByLabel('Długość geograficzna (lon)').fill('18.4267');
	await page.getByLabel(/^Nazwa/).fill('');
	await page.getByRole('button', { name: 'Zapisz' }).click();
	await expect(summary).toContainText('Podaj nazwę zasobu.');
	await expect(summary).not.toContainText('poza granicą');
	await expect(summary).toBeFocused();
	await expect(page.getByLabel('Opis')).toHaveValue('Opis do zachowania');
});

test('importing a CSV with one bad row reports it and imports nothing; partial import takes the rest', async ({
	page
}) => {
	const tag = unique();
	const csv = [
		'nazwa,kategoria,dlugosc,szerokosc',
		`Import e2e A ${tag},osp,18.43,52.27`,
		`Import e2e B ${tag},basen,18.43,52.27`,
		`Import e2e C ${tag},remiza OSP,18.44,52.27`
	].join('\n');
	const file = { name: 'zasoby.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };

	await signIn(page, 'organizer', '/panel/zasoby/import');
	await page.getByLabel('Plik CSV lub GeoJSON').setInputFiles(file);
	await page.getByRole('button', { name: 'Sprawdź i importuj' }).click();
	await expect(page.getByText(/Nic nie zaimportowano/)).toBeVisible();
	const rejected = page.getByRole('table', { name: 'Odrzucone wiersze' });
	await expect(rejected.getByRole('row')).toHaveCount(2);
	await expect(rejected).toContainText('3');
	await expect(rejected).toContainText('category');
	await expect(rejected).toContainText('Nieznana kategoria');
	expect(await seriousViolations(page)).toEqual([]);

	const list = await page.request.get(`/panel/zasoby?q=${encodeURIComponent(tag)}`);
	expect(await list.text()).toContain('Brak zasobów spełniających kryteria.');

	// The same file again, now with "only the valid rows".
	await page.getByLabel('Plik CSV lub GeoJSON').setInputFiles(file);
	await page.getByLabel('Importuj tylko poprawne wiersze').check();
	await page.getByRole('button', { name: 'Sprawdź i importuj' }).click();
	await expect(page.getByText('Zaimportowane zasoby: 2.')).toBeVisible();
	await page.goto(`/panel/zasoby?q=${encodeURIComponent(tag)}`);
	await expect(page.getByRole('row')).toHaveCount(3);
});

test('the register exports CSV', async ({ page, request }) => {
	await signIn(page, 'organizer', '/panel/zasoby');
	await expect(page.getByRole('heading', { level: 1, name: 'Rejestr zasobów' })).toBeVisible();
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Pobierz CSV' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^zasoby-\d{4}-\d{2}-\d{2}\.csv$/);
	const text = readFileSync(await download.path(), 'utf8');
	expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
		'nazwa,kategoria,opis,adres,dlugosc,szerokosc,status,email,telefon,www,pojemnosc,bez_schodow,udogodnienia,dostepnosc,godziny,wlasciciel,miejscowosc,id'
	);

	// Without a session the export is not available at all (drafts stay private).
	const response = await request.get('/panel/zasoby/eksport.csv', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
});

test('the council sees the register read-only: no add, import, edit or archive controls', async ({
	page
}) => {
	await signIn(page, 'council', '/panel/zasoby');
	await expect(page.getByRole('heading', { level: 1, name: 'Rejestr zasobów' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Dodaj zasób' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Importuj z pliku' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: /^Edytuj/ })).toHaveCount(0);
	const details = page.getByRole('link', { name: /^Szczegóły:/ }).first();
	if ((await details.count()) > 0) {
		await details.click();
		await expect(page.getByRole('button', { name: 'Zapisz' })).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Archiwizuj' })).toHaveCount(0);
		expect(await seriousViolations(page)).toEqual([]);
	}
	const denied = await page.goto('/panel/zasoby/nowy');
	expect(denied?.status()).toBe(403);
});
