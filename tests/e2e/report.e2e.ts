import sharp from 'sharp';
import { expect, test, type Page } from './fixtures.ts';
import { collectProblems, waitForMapIdle, type TestWindow } from './helpers';
import {
	fillReport,
	largePhoto,
	REF,
	statusOf,
	submitButton,
	testPhoto,
	waitForEnhanced
} from './report-helpers';

// Residents are mostly on phones: the whole flow runs at a phone viewport.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** Taps the map at a geographic point (the map must show it). */
async function tapMapAt(page: Page, lon: number, lat: number) {
	await page.locator('.maplibregl-canvas').scrollIntoViewIfNeeded();
	const target = await page.evaluate(
		([lng, lat]) => {
			const map = (window as TestWindow).__map;
			if (!map) throw new Error('window.__map is missing: is this the test build?');
			const point = map.project([lng, lat]);
			const rect = map.getCanvas().getBoundingClientRect();
			return { x: rect.left + point.x, y: rect.top + point.y };
		},
		[lon, lat] as const
	);
	await page.touchscreen.tap(target.x, target.y);
}

test('resident flow: tap the map, fill in, send, get a reference and follow it', async ({
	page
}) => {
	const problems = collectProblems(page);
	await page.goto('/zglos');
	await waitForMapIdle(page, 'region-outline');

	// The label point of Kramsk lies inside the gmina; zoom in so a tap is precise.
	await page.evaluate(() =>
		(window as TestWindow).__map?.jumpTo({ center: [18.43, 52.26], zoom: 13 })
	);
	await waitForMapIdle(page, 'region-outline');
	await tapMapAt(page, 18.43, 52.26);
	await expect(
		page.getByText(/Wybrane miejsce: punkt na mapie w pobliżu miejscowości/)
	).toBeVisible();
	await expect(page.getByRole('button', { name: /Miejsce zgłoszenia/ })).toBeVisible();

	await fillReport(page, { title: 'Brak ławki przy przystanku w Kramsku' });
	await expect(page.getByText('Pozostało znaków: 84')).toBeVisible();
	await page
		.getByLabel('Dodaj zdjęcie')
		.setInputFiles({ name: 'lawka.jpg', mimeType: 'image/jpeg', buffer: await testPhoto() });
	await expect(page.getByRole('img', { name: 'Podgląd wybranego zdjęcia' })).toBeVisible();
	await submitButton(page).click();

	const ref = page.getByTestId('report-ref');
	await expect(ref).toHaveText(REF);
	await expect(page.getByRole('heading', { name: /Dziękujemy/ })).toBeFocused();
	await page.screenshot({ path: 'test-results/screenshots/report-success-phone.png' });

	const refValue = (await ref.textContent())?.trim();
	await page.getByTestId('status-link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Zgłoszenie ${refValue}`);
	await expect(page.getByTestId('need-status')).toHaveAttribute('data-status', 'new');
	await expect(page.getByTestId('need-status')).toHaveText('Nowe');
	await expect(
		page.getByText(
			'Czeka na sprawdzenie przez organizatora — zgłoszenie nie jest jeszcze publiczne.'
		)
	).toBeVisible();
	await page.screenshot({
		path: 'test-results/screenshots/report-status-phone.png',
		fullPage: true
	});
	expect(problems).toEqual([]);
});

test('a village from the list is enough, and the draft survives a reload', async ({ page }) => {
	await page.goto('/zglos');
	// Chosen before hydration, the village could be reset by the hydrating form on a slow machine.
	await waitForEnhanced(page);
	await page.getByLabel('Miejscowość', { exact: true }).selectOption({ label: 'Patrzyków' });
	await expect(page.getByText('Wybrane miejsce: miejscowość Patrzyków.')).toBeVisible();
	await page.getByLabel('Tytuł').fill('Świetlica potrzebuje nowych krzeseł');

	// Closing the tab or a crash loses nothing: the draft comes back.
	await page.reload();
	await expect(page.getByText('Przywrócono niedokończone zgłoszenie')).toBeVisible();
	await expect(page.getByLabel('Tytuł')).toHaveValue('Świetlica potrzebuje nowych krzeseł');
	await expect(page.getByLabel('Miejscowość', { exact: true })).toHaveValue('patrzykow');

	await fillReport(page, { title: 'Świetlica potrzebuje nowych krzeseł', kind: 'Pomysł' });
	await submitButton(page).click();
	await expect(page.getByTestId('report-ref')).toHaveText(REF);
	// Sent: the draft is gone.
	await page.reload();
	await expect(page.getByText('Przywrócono niedokończone zgłoszenie')).toHaveCount(0);
	await expect(page.getByLabel('Tytuł')).toHaveValue('');
});

test('a 54-megapixel, 13 MB photo is scaled in the browser, sent at 2000 px and accepted', async ({
	page
}) => {
	const original = await largePhoto();
	expect(original.byteLength).toBeGreaterThan(13 * 1024 * 1024);
	// The photo field of the form data the page hands to fetch: what goes over the network
	// (the browser does not report a file's bytes in the request's post data).
	await page.addInitScript(() => {
		const send = window.fetch.bind(window);
		window.fetch = async (input, init) => {
			const photo = init?.body instanceof FormData ? init.body.get('photo') : null;
			if (photo instanceof Blob) {
				const bytes = [...new Uint8Array(await photo.arrayBuffer())];
				Object.assign(window, { __sentPhoto: bytes });
			}
			return send(input, init);
		};
	});
	await page.goto('/zglos');
	await waitForEnhanced(page);
	await page.getByLabel('Miejscowość', { exact: true }).selectOption('kramsk');
	await fillReport(page, { title: 'Zdjęcie prosto z aparatu telefonu' });
	await page
		.getByLabel('Dodaj zdjęcie')
		.setInputFiles({ name: 'IMG_0054.jpg', mimeType: 'image/jpeg', buffer: original });
	// The browser's own 10 MB check applies to the scaled photo: no error, a preview and its size.
	await expect(page.getByText('Zdjęcie zostanie wysłane w rozmiarze 2000 × 1333 px')).toBeVisible({
		timeout: 20_000
	});
	await expect(page.locator('#photo-error')).toHaveCount(0);
	await submitButton(page).click();
	await expect(page.getByTestId('report-ref')).toHaveText(REF);

	// What was sent: a JPEG of 2000 px at most, well under 10 MB, without the camera's EXIF.
	const bytes = await page.evaluate(() => (window as { __sentPhoto?: number[] }).__sentPhoto ?? []);
	const sent = Buffer.from(bytes);
	const meta = await sharp(sent).metadata();
	expect(meta.format).toBe('jpeg');
	expect([meta.width, meta.height]).toEqual([2000, 1333]);
	expect(meta.exif).toBeUndefined();
	expect(sent.includes(Buffer.from('TestCam'))).toBe(false);
	expect(sent.byteLength).toBeLessThan(10 * 1024 * 1024);
});

test('a point outside the gmina is refused in Polish and nothing typed is lost', async ({
	page
}) => {
	await page.goto('/zglos');
	await waitForMapIdle(page, 'region-outline');
	await page.getByLabel('Tytuł').fill('Dziura w drodze');
	await page.getByLabel('Opis').fill('Duża dziura, trudno przejechać rowerem.');

	// West of the gmina's bounding box: certainly outside it.
	const bbox = await page.evaluate(async () => {
		const response = await fetch('/api/region.geojson');
		const feature: { geometry: { coordinates: number[][][][] } } = await response.json();
		const points = feature.geometry.coordinates.flat(2);
		return {
			west: Math.min(...points.map(([lon]) => lon)),
			south: Math.min(...points.map(([, lat]) => lat)),
			north: Math.max(...points.map(([, lat]) => lat))
		};
	});
	const outside = { lon: bbox.west - 0.01, lat: (bbox.south + bbox.north) / 2 };
	await page.evaluate(
		([lon, lat]) => (window as TestWindow).__map?.jumpTo({ center: [lon, lat], zoom: 12 }),
		[outside.lon, outside.lat] as const
	);
	await waitForMapIdle(page, 'region-outline');
	await tapMapAt(page, outside.lon, outside.lat);

	await expect(page.getByRole('alert').filter({ hasText: 'poza gminą Kramsk' })).toBeVisible();
	await expect(page.getByText('Nie wybrano jeszcze miejsca.')).toBeVisible();
	await expect(page.getByLabel('Tytuł')).toHaveValue('Dziura w drodze');
	await expect(page.getByLabel('Opis')).toHaveValue('Duża dziura, trudno przejechać rowerem.');

	// Sending anyway: the error summary takes focus and points at the place.
	await submitButton(page).click();
	const summary = page.locator('.error-summary');
	await expect(summary).toBeFocused();
	await expect(summary.getByRole('link', { name: /Wskaż miejsce/ })).toBeVisible();
	await expect(page.getByLabel('Tytuł')).toHaveValue('Dziura w drodze');
});

test('"use my location" outside the gmina says so; inside it sets the place', async ({
	page,
	context
}) => {
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation({ latitude: 52.2297, longitude: 21.0122 }); // Warsaw
	await page.goto('/zglos');
	await page.getByLabel('Tytuł').fill('Plac zabaw');
	await page.getByRole('button', { name: 'Użyj mojej lokalizacji' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'poza gminą Kramsk' })).toBeVisible();
	await expect(page.getByLabel('Tytuł')).toHaveValue('Plac zabaw');

	await context.setGeolocation({ latitude: 52.26, longitude: 18.43 });
	await page.getByRole('button', { name: 'Użyj mojej lokalizacji' }).click();
	await expect(page.getByText(/Wybrane miejsce: Twoja lokalizacja/)).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: 'poza gminą' })).toHaveCount(0);
});

test('the address search places the report at the address', async ({ page }) => {
	await page.goto('/zglos');
	await waitForMapIdle(page, 'region-outline');
	const input = page.getByRole('combobox', { name: 'Adres: miejscowość, ulica i numer' });
	await input.fill('kramsk pogorzelna 6');
	await page
		.getByRole('listbox', { name: 'Znalezione adresy' })
		.getByRole('option')
		.first()
		.click();
	await expect(page.getByText(/Wybrane miejsce: Kramsk, Pogorzelna 6/)).toBeVisible();
});

test('validation errors are listed, linked and keep everything typed', async ({ page }) => {
	await page.goto('/zglos');
	// Before hydration the browser's own checks stop the submit instead of the form's summary.
	await waitForEnhanced(page);
	await page.getByLabel('Tytuł').fill('ab');
	await page.getByLabel('E-mail lub numer telefonu').fill('jan@example.pl');
	await submitButton(page).click();
	const summary = page.locator('.error-summary');
	await expect(summary).toBeFocused();
	for (const text of [
		'Wskaż miejsce',
		'Wybierz, czy to potrzeba, czy pomysł.',
		'Wybierz kategorię z listy.',
		'Tytuł musi mieć co najmniej 3 znaki.',
		'zaznacz zgodę na przetwarzanie danych'
	])
		await expect(summary.getByRole('link', { name: new RegExp(text) })).toBeVisible();
	await summary.getByRole('link', { name: /Tytuł musi mieć/ }).click();
	await expect(page.getByLabel('Tytuł')).toBeFocused();
	await expect(page.getByLabel('Tytuł')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('E-mail lub numer telefonu')).toHaveValue('jan@example.pl');
	// Fixed, the title no longer says it is wrong, under the field or in the summary.
	await page.getByLabel('Tytuł').fill('abc');
	await expect(page.getByLabel('Tytuł')).not.toHaveAttribute('aria-invalid', 'true');
	await expect(summary.getByRole('link', { name: /Tytuł musi mieć/ })).toHaveCount(0);
	await expect(page.locator('#title-error')).toHaveCount(0);
	await expect(summary.getByRole('link', { name: /Wybierz kategorię/ })).toBeVisible();
});

test('the status page renders an HTML payload in the title as text', async ({ page }) => {
	let dialogs = 0;
	page.on('dialog', (dialog) => {
		dialogs += 1;
		void dialog.dismiss();
	});
	const payload = '<img src=x onerror=alert(1)>';
	const response = await page.request.post('/api/needs', {
		multipart: {
			kind: 'need',
			category: 'integracja',
			title: payload,
			description: '<script>alert(2)</script>',
			lon: '',
			lat: '',
			village: 'kramsk',
			idempotency_key: crypto.randomUUID()
		}
	});
	expect(response.status()).toBe(201);
	const { status_url: statusUrl } = (await response.json()) as { status_url: string };

	await page.goto(statusUrl);
	await expect(page.getByTestId('need-title')).toHaveText(payload);
	await expect(page.locator('img[src="x"]')).toHaveCount(0);
	expect(await statusOf(page, statusUrl)).toBe('new');
	expect(dialogs).toBe(0);
});

test('duplicate hint: a published need nearby can be supported instead', async ({
	page,
	context
}) => {
	const needs = (await (await page.request.get('/api/needs.geojson')).json()) as {
		features: {
			geometry: { coordinates: [number, number] };
			properties: { title: string; category: string; support_count: number };
		}[];
	};
	const need = needs.features[0];
	const [lon, lat] = need.geometry.coordinates;
	await context.grantPermissions(['geolocation']);
	await context.setGeolocation({ longitude: lon, latitude: lat });

	await page.goto('/zglos');
	await page.getByRole('button', { name: 'Użyj mojej lokalizacji' }).click();
	await expect(page.getByText(/Wybrane miejsce: Twoja lokalizacja/)).toBeVisible();
	await page.getByLabel('Kategoria').selectOption(need.properties.category);

	const hints = page.getByRole('region', { name: 'Podobne zgłoszenia w pobliżu' });
	const hint = hints.getByRole('listitem').filter({ hasText: need.properties.title });
	await expect(hint).toBeVisible();
	await hint.getByRole('button', { name: 'Popieram to zamiast nowego zgłoszenia' }).click();
	await expect(hint).toContainText(
		`Poparto. Dziękujemy! Poparcie: ${need.properties.support_count + 1}.`
	);
	// Withdrawing is possible too (one support per browser).
	await hint.getByRole('button', { name: 'Wycofaj poparcie' }).click();
	await expect(
		hint.getByRole('button', { name: 'Popieram to zamiast nowego zgłoszenia' })
	).toBeVisible();
});

test('a broken status link says why, under the general error heading', async ({ page }) => {
	const response = await page.goto('/zgloszenie/nie-ma-takiego-linku');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wystąpił błąd');
	await expect(
		page.getByText('Nie znaleziono zgłoszenia — sprawdź, czy link jest kompletny.')
	).toBeVisible();
});

test('the report map shows the village areas and names', async ({ page }) => {
	await page.goto('/zglos');
	await waitForMapIdle(page);
	const layers = await page.evaluate(() => {
		const map = (window as TestWindow).__map;
		return ['villages-fill', 'villages-labels'].map((id) => Boolean(map?.getLayer(id)));
	});
	expect(layers).toEqual([true, true]);
});
