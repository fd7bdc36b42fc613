import { expect, test, type Page } from './fixtures.ts';
import { signIn } from './auth-helpers';
import { seriousViolations } from './report-helpers';

// An organizer plans an activity from the planning page's link (prefilled
// village, venue and needs); residents find it in the list, the calendar and the .ics feed and
// sign up as volunteers; the organizer sees them. Demo data provides the venue and the need.

interface Feature {
	properties: { id: string; name?: string; title?: string; status?: string };
}

async function features(page: Page, path: string): Promise<Feature[]> {
	const body = (await (await page.request.get(path)).json()) as { features: Feature[] };
	return body.features;
}

/** A date ten days ahead as YYYY-MM-DD (the form's date input). */
function inTenDays(): string {
	return new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
}

test('the public activities page: list, accessible calendar table, map, .ics feed; no axe violations', async ({
	page
}) => {
	await page.goto('/dzialania');
	await expect(page.getByRole('heading', { level: 1, name: 'Działania w gminie' })).toBeVisible();
	const calendar = page.getByRole('table', { name: /^Działania — / });
	await expect(calendar).toBeVisible();
	await expect(calendar.getByRole('columnheader')).toHaveCount(7);
	await expect(page.getByRole('region', { name: 'Mapa nadchodzących działań' })).toBeVisible();
	// The layer is there (axe needs no idle map; the list is the map's accessible twin).
	await page.waitForFunction(
		() =>
			Boolean(
				(window as { __map?: { getLayer(id: string): unknown } }).__map?.getLayer(
					'activities-points'
				)
			),
		undefined,
		{ timeout: 60_000 }
	);
	expect(await seriousViolations(page)).toEqual([]);

	const ics = await page.request.get('/dzialania.ics');
	expect(ics.status()).toBe(200);
	expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
	expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r?\n?$/);
});

test('the panel pages need a sign-in', async ({ page }) => {
	await page.goto('/panel/dzialania/nowe?wies=kramsk');
	await expect(page).toHaveURL(/\/logowanie\?next=/);
});

test('an organizer creates a prefilled activity; it is public, in the feed, and takes volunteers', async ({
	page,
	browser
}) => {
	// One long journey through several pages; on a loaded two-core machine it needs the room.
	test.setTimeout(300_000);
	const venue = (await features(page, '/api/resources.geojson?village=kramsk')).find((f) =>
		f.properties.name?.startsWith('Biblioteka')
	);
	const need = (await features(page, '/api/needs.geojson?village=kramsk')).find(
		(f) => f.properties.status === 'published'
	);
	if (!venue || !need) throw new Error('demo data: no venue or published need in Kramsk');
	const title = `Spotkanie e2e ${Date.now()}`;
	const date = inTenDays();

	await signIn(
		page,
		'organizer',
		`/panel/dzialania/nowe?wies=kramsk&venue=${venue.properties.id}&needs=${need.properties.id}`
	);
	// Prefilled from the query string (the planning page's "suggested venues" link).
	await expect(page.getByLabel('Miejscowość (główna)')).toHaveValue('kramsk');
	await expect(page.getByLabel('Miejsce', { exact: true })).toHaveValue(venue.properties.id);
	await expect(page.getByRole('checkbox', { name: need.properties.title })).toBeChecked();
	await expect(page.getByLabel('Miejsce', { exact: true })).toContainText('bez barier');
	expect(await seriousViolations(page)).toEqual([]);

	// A refused form keeps what was typed and says why.
	await page.getByLabel('Nazwa działania').fill(title);
	await page.getByRole('button', { name: 'Utwórz działanie' }).click();
	await expect(page.getByRole('alert')).toContainText('Podaj datę działania.');
	await expect(page.getByLabel('Nazwa działania')).toHaveValue(title);
	await expect(page.getByRole('checkbox', { name: need.properties.title })).toBeChecked();

	await page.getByLabel('Typ działania').selectOption('workshop');
	await page.getByRole('checkbox', { name: 'rozwój zainteresowań' }).check();
	await page.getByLabel('Data', { exact: true }).fill(date);
	await page.getByLabel('Godzina rozpoczęcia').fill('17:00');
	await page.getByLabel('Godzina zakończenia (opcjonalnie)').fill('19:00');
	await page.getByLabel('Opis').fill('Zajęcia z e2e.');
	await page.getByRole('button', { name: 'Utwórz działanie' }).click();
	await expect(page).toHaveURL(/\/panel\/dzialania\/[0-9a-f-]{36}\?zapisano=1$/);
	await expect(page.getByText('Zapisano działanie.')).toBeVisible();
	const id = /\/panel\/dzialania\/([0-9a-f-]{36})/.exec(page.url())?.[1] as string;

	// Linking planned the need (status change recorded by the database trigger).
	const linked = (await features(page, '/api/needs.geojson?village=kramsk')).find(
		(f) => f.properties.id === need.properties.id
	);
	expect(linked?.properties.status).toBe('planned');

	// A resident (no session) finds it in the list, the calendar and the feed.
	const resident = await browser.newContext();
	const pub = await resident.newPage();
	await pub.goto('/dzialania?wies=kramsk');
	await expect(
		pub.getByRole('region', { name: 'Nadchodzące działania' }).getByRole('link', { name: title })
	).toBeVisible();
	await pub.goto(`/dzialania?wies=kramsk&miesiac=${date.slice(0, 7)}`);
	await expect(
		pub.getByRole('table', { name: /^Działania — / }).getByRole('link', { name: `17:00 ${title}` })
	).toBeVisible();

	const ics = await pub.request.get('/dzialania.ics');
	expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
	const text = (await ics.text()).replace(/\r\n[ \t]/g, '');
	expect(text).toContain(`UID:${id}@`);
	expect(text).toContain(`SUMMARY:${title}`);
	expect(text).toContain(`LOCATION:${venue.properties.name}`);
	expect(text).toContain(`/dzialania/${id}`);
	expect(text).toMatch(/DTSTART:\d{8}T\d{6}Z/);

	// Volunteer sign-up on the detail page; the contact never appears publicly.
	await pub.goto(`/dzialania/${id}`);
	await expect(pub.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(pub.getByText(need.properties.title as string)).toBeVisible();
	expect(await seriousViolations(pub)).toEqual([]);
	await pub.getByRole('button', { name: 'Zgłaszam się' }).click();
	await expect(pub.getByRole('alert')).toContainText('Podaj imię');
	await pub.getByLabel('Imię').fill('Ola Testowa');
	await pub.getByLabel('E-mail lub telefon').fill('ola@example.org');
	await pub.getByRole('checkbox', { name: /Zgadzam się/ }).check();
	await pub.getByRole('button', { name: 'Zgłaszam się' }).click();
	await expect(pub.getByText('Dziękujemy! Organizator skontaktuje się z Tobą.')).toBeVisible();
	await pub.reload();
	await expect(pub.locator('body')).not.toContainText('ola@example.org');
	await resident.close();

	// The organizer sees the volunteer with the contact.
	await page.goto(`/panel/dzialania/${id}`);
	const volunteers = page.getByRole('table', { name: 'Wolontariusze' });
	await expect(volunteers).toContainText('Ola Testowa');
	await expect(volunteers).toContainText('ola@example.org');
	expect(await seriousViolations(page)).toEqual([]);

	// Outcome with the linked needs done, then the list filter shows it as "odbyło się".
	await page.getByLabel('Liczba uczestników').fill('12');
	await page.getByRole('checkbox', { name: /Oznacz powiązane potrzeby/ }).check();
	await page.getByRole('button', { name: 'Zapisz rezultat' }).click();
	await expect(page.getByText('Potrzeby oznaczone jako zrealizowane: 1.')).toBeVisible();
	await page.goto('/panel/dzialania?status=held&wies=kramsk');
	await expect(page.getByRole('link', { name: title })).toBeVisible();
});

test('council reads the activities panel but has no write controls, and its posts are refused', async ({
	page
}) => {
	await signIn(page, 'council', '/panel/dzialania');
	await expect(page.getByRole('heading', { level: 1, name: 'Działania' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Nowe działanie' })).toHaveCount(0);
	const refused = await page.request.post('/panel/dzialania/nowe', {
		headers: { origin: new URL(page.url()).origin },
		form: { title: 'Nie powinno powstać', date: '2030-01-01', start_time: '10:00' }
	});
	expect(refused.status()).toBe(403);
	expect(await seriousViolations(page)).toEqual([]);
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('the village filter and its button are 44×44 px touch targets (WCAG 2.5.5)', async ({
		page
	}) => {
		await page.goto('/dzialania');
		for (const control of [
			page.getByLabel('Miejscowość'),
			page.getByRole('button', { name: 'Pokaż' })
		]) {
			const box = await control.boundingBox();
			expect(box?.height).toBeGreaterThanOrEqual(44);
			expect(box?.width).toBeGreaterThanOrEqual(44);
		}
	});
});
