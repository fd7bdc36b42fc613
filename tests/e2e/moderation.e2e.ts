import { expect, test, type Browser, type Page } from './fixtures.ts';
import { signIn } from './auth-helpers';
import {
	fillReport,
	REF,
	seriousViolations,
	statusOf,
	submitButton,
	waitForEnhanced
} from './report-helpers';

// Moderation end to end: a resident's report goes through the organizer's
// queue to the public map list; a rejection reason reaches the reporter's status page; abuse
// reports from browsers on one network flag a need for the organizer without hiding it.

const VILLAGE = { label: 'Patrzyków', slug: 'patrzykow' };

/** Rejects a need this suite published, so later suites see only the demo needs on the map. */
async function cleanUp(page: Page, title: string): Promise<void> {
	await page.goto('/panel/moderacja?status=published');
	await queueItem(page, title).getByRole('link', { name: 'Przejrzyj' }).click();
	await page.getByLabel('Powód odrzucenia').fill('Wpis testowy.');
	await page.getByLabel('Potwierdzam odrzucenie').check();
	await page.getByRole('button', { name: 'Odrzuć', exact: true }).click();
	await expect(page.getByText('Zapisano.')).toBeVisible();
}

/** A resident's report through /zglos with a village from the list; returns its status link. */
async function report(page: Page, title: string): Promise<{ ref: string; statusUrl: string }> {
	await page.goto('/zglos');
	// Chosen before hydration, the village could be reset by the hydrating form on a slow machine.
	await waitForEnhanced(page);
	await page.getByLabel('Miejscowość', { exact: true }).selectOption({ label: VILLAGE.label });
	await fillReport(page, { title });
	await submitButton(page).click();
	const ref = page.getByTestId('report-ref');
	await expect(ref).toHaveText(REF);
	const statusUrl = await page.getByTestId('status-link').getAttribute('href');
	if (!statusUrl) throw new Error('no status link');
	return { ref: ((await ref.textContent()) ?? '').trim(), statusUrl };
}

/** The public list of the village as a fresh visitor sees it (no cached GeoJSON). */
async function publicTitles(browser: Browser): Promise<string[]> {
	const context = await browser.newContext();
	const response = await context.request.get(`/api/needs.geojson?village=${VILLAGE.slug}`);
	const body = (await response.json()) as { features: { properties: { title: string } }[] };
	await context.close();
	return body.features.map((f) => f.properties.title);
}

/** The queue entry of a need, found by its title. */
const queueItem = (page: Page, title: string) =>
	page.getByRole('listitem').filter({ has: page.getByText(title, { exact: true }) });

test('an organizer approves a resident’s report in the queue and it appears in the public list', async ({
	page,
	browser
}) => {
	const title = `Ławka przy świetlicy ${Date.now()}`;
	const { statusUrl } = await report(page, title);
	expect(await publicTitles(browser)).not.toContain(title);

	await signIn(page, 'organizer', '/panel/moderacja');
	const item = queueItem(page, title);
	await expect(item).toBeVisible();
	await item.getByRole('button', { name: 'Zatwierdź i opublikuj' }).click();
	await expect(page.getByRole('status').getByText('Zgłoszenie opublikowano.')).toBeVisible();
	await expect(queueItem(page, title)).toHaveCount(0);

	expect(await statusOf(page, statusUrl)).toBe('published');
	await expect.poll(() => publicTitles(browser)).toContain(title);

	// And in the village list beside the map, for a visitor.
	const visitor = await browser.newPage();
	await visitor.goto(`/?wies=${VILLAGE.slug}`);
	await expect(
		visitor.locator(`#village-details-${VILLAGE.slug}`).getByText(title, { exact: true })
	).toBeVisible();
	await visitor.close();
	await cleanUp(page, title);
});

test('a rejection reason reaches the reporter’s status page', async ({ page }) => {
	const title = `Reklama firmy ${Date.now()}`;
	const { statusUrl } = await report(page, title);

	await signIn(page, 'organizer', '/panel/moderacja');
	await queueItem(page, title).getByRole('link', { name: 'Przejrzyj' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Zgłoszenie');
	const reason = 'To ogłoszenie handlowe, nie potrzeba mieszkańców.';
	await page.getByLabel('Powód odrzucenia').fill(reason);
	await page.getByLabel('Potwierdzam odrzucenie').check();
	await page.getByRole('button', { name: 'Odrzuć', exact: true }).click();
	await expect(page.getByText('Zapisano.')).toBeVisible();

	await page.goto(statusUrl);
	await expect(page.getByTestId('need-status')).toHaveAttribute('data-status', 'rejected');
	await expect(page.getByText(reason)).toBeVisible();
});

test('abuse reports from three browsers on one network flag a need but do not hide it; an organizer closes them', async ({
	page,
	browser,
	baseURL
}) => {
	const origin = new URL(baseURL ?? '').origin;
	const title = `Potrzeba do sprawdzenia ${Date.now()}`;
	await report(page, title);
	await signIn(page, 'organizer', '/panel/moderacja');
	await queueItem(page, title).getByRole('button', { name: 'Zatwierdź i opublikuj' }).click();
	await expect(queueItem(page, title)).toHaveCount(0);

	// Three residents, three browsers: the first through the button in the village list.
	const first = await browser.newPage();
	await first.goto(`/?wies=${VILLAGE.slug}`);
	// Each "Zgłoś nadużycie" is described by its need's title; only the open panel is exposed.
	await first.getByRole('button', { name: 'Zgłoś nadużycie', description: title }).click();
	await first.getByRole('combobox', { name: 'Powód' }).selectOption('personal_data');
	await first.getByRole('button', { name: 'Wyślij zgłoszenie nadużycia' }).click();
	await expect(first.getByText('Dziękujemy. Moderatorzy sprawdzą ten wpis.')).toBeVisible();
	const [{ id }] = (
		(await (await first.request.get(`/api/needs.geojson?village=${VILLAGE.slug}`)).json()) as {
			features: { properties: { id: string; title: string } }[];
		}
	).features
		.map((f) => f.properties)
		.filter((p) => p.title === title);
	// The same browser again, three times: it counts once and hides nothing.
	for (let attempt = 0; attempt < 3; attempt++) {
		const again = await first.request.post(`/api/needs/${id}/abuse`, {
			data: { reason: 'spam' },
			headers: { origin }
		});
		expect(await again.json()).toMatchObject({ counted: false, hidden: false });
	}
	await first.close();
	expect(await publicTitles(browser)).toContain(title);

	// A script without a page visit, or from another site, is not counted at all.
	const script = await browser.newContext();
	const bare = await script.request.post(`/api/needs/${id}/abuse`, { headers: { origin } });
	expect(bare.status()).toBe(403);
	await script.request.get('/', { headers: { accept: 'text/html' } });
	const crossSite = await script.request.post(`/api/needs/${id}/abuse`, {
		headers: { origin: 'https://evil.example' }
	});
	expect(crossSite.status()).toBe(403);
	await script.close();

	// Two more browsers, each with a page visit, all on this machine's one network.
	for (let device = 2; device <= 3; device++) {
		const context = await browser.newContext();
		await context.request.get(`/?wies=${VILLAGE.slug}`, { headers: { accept: 'text/html' } });
		const response = await context.request.post(`/api/needs/${id}/abuse`, {
			data: { reason: 'offensive' },
			headers: { origin }
		});
		expect(await response.json()).toMatchObject({ counted: true, hidden: false });
		await context.close();
	}
	expect(await publicTitles(browser)).toContain(title);

	await page.reload();
	const flagged = queueItem(page, title);
	await expect(
		flagged.getByText('Do sprawdzenia — zgłoszenia nadużycia: 3 (różnych sieci: 1).', {
			exact: false
		})
	).toBeVisible();
	await flagged.getByRole('link', { name: 'Przejrzyj' }).click();
	await page
		.getByRole('button', { name: 'Zamknij zgłoszenia nadużycia jako bezpodstawne' })
		.click();
	await expect(page.getByText('Zapisano.')).toBeVisible();
	await page.goto('/panel/moderacja');
	await expect(queueItem(page, title)).toHaveCount(0);
	expect(await publicTitles(browser)).toContain(title);
	await cleanUp(page, title);
});

test('the queue and the review page have no serious accessibility violations; council reads only', async ({
	page,
	browser
}) => {
	const title = `Sprawdzenie dostępności ${Date.now()}`;
	await report(page, title);
	await signIn(page, 'organizer', '/panel/moderacja');
	await expect(queueItem(page, title)).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await queueItem(page, title).getByRole('link', { name: 'Przejrzyj' }).click();
	await expect(page.getByRole('heading', { name: 'Decyzje' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	const council = await browser.newPage();
	await signIn(council, 'council', '/panel/moderacja');
	await expect(queueItem(council, title)).toBeVisible();
	await expect(council.getByRole('button', { name: 'Zatwierdź i opublikuj' })).toHaveCount(0);
	await council.close();
});

test('assisted entry: an organizer records a phoned-in need, published at once; the admin sees it in the audit log', async ({
	page,
	browser
}) => {
	const title = `Zgłoszenie telefoniczne ${Date.now()}`;
	await signIn(page, 'organizer', '/panel/moderacja/nowe');
	await page.getByRole('radio', { name: 'Pomysł' }).check();
	await page.getByLabel('Kategoria').selectOption('kultura');
	await page.getByLabel('Tytuł').fill(title);
	await page.getByLabel('Miejscowość').selectOption({ label: VILLAGE.label });
	await page.getByLabel('Telefon').fill('600 100 200');
	await page.getByRole('button', { name: 'Zapisz zgłoszenie' }).click();
	// A contact without the resident's consent is refused, and nothing typed is lost.
	await expect(page.getByText(/Zapisz kontakt tylko za zgodą mieszkańca/).first()).toBeVisible();
	await expect(page.getByLabel('Tytuł')).toHaveValue(title);
	await page.getByLabel(/Mieszkaniec zgodził się na kontakt/).check();
	await page.getByLabel('Opublikuj od razu').check();
	await page.getByRole('button', { name: 'Zapisz zgłoszenie' }).click();
	await expect(page.getByText(/Zapisano zgłoszenie KR-\d{4}-\d{4}/)).toBeVisible();
	await expect.poll(() => publicTitles(browser)).toContain(title);

	await cleanUp(page, title);

	// axe needs a page of its own context.
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await signIn(admin, 'admin', '/panel/dziennik');
	await admin.getByLabel('Tabela').selectOption('needs');
	await admin.getByRole('button', { name: 'Pokaż' }).click();
	const entry = admin.getByRole('listitem').filter({ hasText: title }).first();
	await expect(entry).toContainText('Dodanie');
	await expect(entry.getByRole('row', { name: /entered_by_organizer/ })).toContainText('true');
	expect(await seriousViolations(admin)).toEqual([]);
	await adminContext.close();
});
