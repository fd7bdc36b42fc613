import sharp from 'sharp';
import { expect, test } from './fixtures.ts';
import {
	fillReport,
	REF,
	statusOf,
	submitButton,
	testPhoto,
	waitForEnhanced
} from './report-helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

interface QueueWindow {
	__reportQueue?: {
		entries: {
			key: string;
			state: string;
			ref: string | null;
			statusUrl: string | null;
			fields: Record<string, string | boolean>;
			photo: Blob | null;
			photoName: string | null;
		}[];
	};
}

test('offline: the report waits on the device, survives a reload and is sent exactly once', async ({
	page,
	context
}) => {
	const created: string[] = [];
	page.on('response', (response) => {
		const url = new URL(response.url());
		if (response.request().method() === 'POST' && url.pathname === '/api/needs')
			created.push(`${response.status()}`);
	});
	await page.goto('/zglos');
	await waitForEnhanced(page);
	// The service worker must control the page for it to open again without a connection.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
	});

	await page.getByLabel('Miejscowość', { exact: true }).selectOption('kramsk');
	await fillReport(page, { title: 'Bez zasięgu: brakuje oświetlenia' });
	const png = await sharp(await testPhoto())
		.png()
		.toBuffer();
	const chosen = { name: 'latarnia.png', mimeType: 'image/png', buffer: png };
	await page.getByLabel('Dodaj zdjęcie').setInputFiles(chosen);
	await expect(page.getByRole('img', { name: 'Podgląd wybranego zdjęcia' })).toBeVisible();

	await context.setOffline(true);
	await expect(page.getByText('Brak połączenia z internetem.')).toBeVisible();
	await submitButton(page).click();

	const entry = page.getByTestId('queued-report');
	await expect(entry).toContainText('Bez zasięgu: brakuje oświetlenia');
	await expect(entry).toContainText('Czeka na wysłanie');
	// The form is free for the next report, with a new key.
	await expect(page.getByLabel('Tytuł')).toHaveValue('');
	await page.screenshot({ path: 'test-results/screenshots/report-queued-phone.png' });

	// Still offline, the tab is reloaded: the page comes from the service worker, the report
	// from IndexedDB.
	await page.reload();
	await waitForEnhanced(page);
	await expect(entry).toContainText('Czeka na wysłanie');
	const queued = await page.evaluate(() => (window as QueueWindow).__reportQueue?.entries[0]);
	expect(queued?.state).toBe('waiting');
	// The queue keeps the photo as the browser scaled and re-encoded it: a JPEG, not the PNG chosen.
	const kept = await page.evaluate(async () => {
		const entry = (window as QueueWindow).__reportQueue?.entries[0];
		if (!entry?.photo) return null;
		return { name: entry.photoName, bytes: [...new Uint8Array(await entry.photo.arrayBuffer())] };
	});
	expect(kept?.name).toBe('latarnia.jpg');
	const photo = {
		name: kept?.name ?? '',
		mimeType: 'image/jpeg',
		buffer: Buffer.from(kept?.bytes ?? [])
	};
	expect((await sharp(photo.buffer).metadata()).format).toBe('jpeg');
	expect(created).toEqual([]);

	await context.setOffline(false);
	await expect(entry).toContainText('Wysłano', { timeout: 30_000 });
	const sent = await page.evaluate(() => (window as QueueWindow).__reportQueue?.entries[0]);
	expect(sent?.key).toBe(queued?.key);
	expect(sent?.ref).toMatch(REF);
	await expect(entry).toContainText(`Numer zgłoszenia: ${sent?.ref}`);
	expect(created).toEqual(['201']);

	// Replaying the queue (the same key and payload, photo included) gives the same report, not a
	// second one; the server answers 409 if anything differed, so the photo was sent as chosen.
	const fields = queued?.fields ?? {};
	const replay = await page.request.post('/api/needs', {
		multipart: {
			...Object.fromEntries(
				Object.entries(fields)
					.filter(([name, value]) => name !== 'contact_consent' || value === true)
					.map(([name, value]) => [name, value === true ? 'on' : String(value)])
			),
			photo
		}
	});
	expect(replay.status()).toBe(201);
	expect(((await replay.json()) as { ref: string }).ref).toBe(sent?.ref);
	expect(await statusOf(page, sent?.statusUrl ?? '')).toBe('new');
});

test('a network error while sending queues the report and sends it by itself', async ({ page }) => {
	await page.goto('/zglos');
	await waitForEnhanced(page);
	await page.getByLabel('Miejscowość', { exact: true }).selectOption('wola-podlezna');
	await fillReport(page, { title: 'Błąd sieci: potrzebny chodnik' });

	// The first two attempts fail at the network level although the browser thinks it is online.
	let failures = 2;
	await page.route('**/*', (route) => {
		if (route.request().method() === 'POST' && failures > 0) {
			failures -= 1;
			return route.abort('connectionreset');
		}
		return route.fallback();
	});
	await submitButton(page).click();
	const entry = page.getByTestId('queued-report');
	await expect(entry).toContainText('Czeka na wysłanie');
	// "Wyślij teraz" skips the backoff; the second failure keeps it waiting, the third try sends.
	await entry.getByRole('button', { name: 'Wyślij teraz' }).click();
	await expect(entry).toContainText('Czeka na wysłanie');
	await entry.getByRole('button', { name: 'Wyślij teraz' }).click();
	await expect(entry).toContainText('Wysłano');
	await expect(entry).toContainText(/Numer zgłoszenia: KR-\d{4}-\d{4}/);
});

test('the app is installable: manifest with icons, service worker in control', async ({ page }) => {
	await page.goto('/zglos');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = await page.request.get(href ?? '');
	expect(manifest.ok()).toBe(true);
	const body = (await manifest.json()) as {
		name: string;
		start_url: string;
		display: string;
		icons: { src: string; sizes: string }[];
	};
	expect(body.display).toBe('standalone');
	expect(body.icons.map((icon) => icon.sizes)).toEqual(
		expect.arrayContaining(['192x192', '512x512'])
	);
	for (const icon of body.icons) expect((await page.request.get(icon.src)).ok()).toBe(true);
	const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
	expect(new URL(scope).pathname).toBe('/');
});
