import { expect, test } from './fixtures.ts';
import { signIn } from './auth-helpers.ts';
import { fillReport, REF, submitButton, waitForEnhanced } from './report-helpers.ts';

// End to end: an organizer signs in, approves a need, creates a resource, plans an
// activity in a village from a suggested venue and links needs, and the activity appears on the
// public list and in the .ics feed. One journey across the areas that the other suites test alone.

interface Feature {
	properties: Record<string, unknown>;
}
const features = async (page: import('@playwright/test').Page, url: string) =>
	((await (await page.request.get(url)).json()) as { features: Feature[] }).features;

test('organizer journey: approve → resource → suggested venue → activity → public list and .ics', async ({
	page,
	browser
}) => {
	// Several pages, each a server round trip on a two-core machine running PostGIS in WebAssembly.
	test.setTimeout(420_000);
	const stamp = Date.now();
	const needTitle = `Kurs komputerowy dla seniorów ${stamp}`;
	const venueName = `Świetlica podróży e2e ${stamp}`;
	const activityTitle = `Warsztaty komputerowe ${stamp}`;

	// A resident reports a need in Kramsk, from the village list (no map needed).
	const resident = await browser.newPage();
	await resident.goto('/zglos');
	await waitForEnhanced(resident);
	await resident.getByLabel('Miejscowość', { exact: true }).selectOption({ label: 'Kramsk' });
	await fillReport(resident, { title: needTitle });
	await submitButton(resident).click();
	await expect(resident.getByTestId('report-ref')).toHaveText(REF);
	await resident.close();

	// 1. The organizer approves it in the moderation queue.
	await signIn(page, 'organizer', '/panel/moderacja');
	const queued = page
		.getByRole('listitem')
		.filter({ has: page.getByText(needTitle, { exact: true }) });
	await queued.getByRole('button', { name: 'Zatwierdź i opublikuj' }).click();
	await expect(page.getByRole('status').getByText('Zgłoszenie opublikowano.')).toBeVisible();
	await expect
		.poll(async () =>
			(await features(page, '/api/needs.geojson?village=kramsk')).map((f) => f.properties.title)
		)
		.toContain(needTitle);

	// 2. They register a step-free hall for 80 people, placed from its address, and publish it.
	await page.goto('/panel/zasoby/nowy');
	await page.getByRole('combobox', { name: 'Adres' }).fill('Kramsk Kolejowa 1');
	await page.getByRole('option', { name: 'Kramsk, Kolejowa 1', exact: true }).click();
	await expect(page.getByLabel('Szerokość geograficzna (lat)')).toHaveValue('52.264664');
	await page.getByLabel(/^Nazwa/).fill(venueName);
	await page.getByLabel(/^Kategoria/).selectOption('swietlica');
	await page.getByLabel('Pojemność (liczba osób)').fill('80');
	await page.getByLabel('Dostęp bez schodów').selectOption('yes');
	await page.getByRole('button', { name: 'Zapisz' }).click();
	await expect(page).toHaveURL(/\/panel\/zasoby\/[0-9a-f-]{36}\?zapisano=1$/);
	await page.getByLabel('Status').selectOption('published');
	await page.getByRole('button', { name: 'Zapisz' }).click();
	await expect(page.getByText('Zapisano zmiany.')).toBeVisible();

	// 3. Planning for Kramsk: venues for the new need, at least 70 seats, step-free.
	await page.goto('/panel/planowanie?wies=kramsk');
	const venues = page.getByRole('region', { name: 'Proponowane miejsca działania' });
	await venues.getByRole('checkbox', { name: new RegExp(needTitle) }).check();
	await venues.getByLabel('Co najmniej miejsc').fill('70');
	await venues.getByRole('checkbox', { name: /Tylko bez barier/ }).check();
	await venues.getByRole('button', { name: 'Zaproponuj miejsca' }).click();
	const suggestion = page
		.getByRole('listitem')
		.filter({ has: page.getByText(venueName, { exact: true }) });
	await suggestion.getByRole('link', { name: /Zaplanuj działanie tutaj/ }).click();

	// 4. The activity form arrives prefilled with the village, the venue and the need.
	await expect(page).toHaveURL(/\/panel\/dzialania\/nowe\?/);
	await expect(page.getByLabel('Miejscowość (główna)')).toHaveValue('kramsk');
	await expect(page.getByLabel('Miejsce', { exact: true })).toContainText(venueName);
	await expect(page.getByRole('checkbox', { name: needTitle })).toBeChecked();
	const date = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
	await page.getByLabel('Nazwa działania').fill(activityTitle);
	await page.getByLabel('Typ działania').selectOption('workshop');
	await page.getByLabel('Data', { exact: true }).fill(date);
	await page.getByLabel('Godzina rozpoczęcia').fill('16:00');
	await page.getByRole('button', { name: 'Utwórz działanie' }).click();
	await expect(page).toHaveURL(/\/panel\/dzialania\/([0-9a-f-]{36})\?zapisano=1$/);
	const id = /dzialania\/([0-9a-f-]{36})/.exec(page.url())?.[1];

	// Linking planned the need: its public status is now "planned".
	const need = (await features(page, '/api/needs.geojson?village=kramsk')).find(
		(f) => f.properties.title === needTitle
	);
	expect(need?.properties.status).toBe('planned');

	// 5. Anyone sees it in the public list of Kramsk and in the calendar feed.
	const visitor = await browser.newPage();
	await visitor.goto('/dzialania?wies=kramsk');
	await expect(
		visitor
			.getByRole('region', { name: 'Nadchodzące działania' })
			.getByRole('link', { name: activityTitle })
	).toBeVisible();
	const ics = await visitor.request.get('/dzialania.ics');
	expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
	const feed = await ics.text();
	expect(feed).toContain(`UID:${id}@`);
	expect(feed).toContain(`SUMMARY:${activityTitle}`);
	expect(feed).toContain(`LOCATION:${venueName}`);
	await visitor.close();
});
