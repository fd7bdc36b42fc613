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

test.describe(() => {
	// page.route does not see requests a service worker makes (Playwright's network docs): once
	// the worker controls the page, the failed sends below would reach the server. Without it
	// the page's own fetch is what fails, as on a broken connection.
	test.use({ serviceWorkers: 'block' });

	test('a network error while sending queues the report and sends it by itself', async ({
		page
	}) => {
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
		// "Wyślij teraz" tries at once, skipping the backoff; the queue also retries by itself as soon
		// as /healthz answers. Once the second failure is used up, the next try sends.
		await expect(async () => {
			const retry = entry.getByRole('button', { name: 'Wyślij teraz' });
			if (await retry.isEnabled().catch(() => false)) await retry.click({ timeout: 1_000 });
			await expect(entry).toContainText('Wysłano', { timeout: 2_000 });
		}).toPass({ timeout: 20_000 });
		await expect(entry).toContainText(/Numer zgłoszenia: KR-\d{4}-\d{4}/);
	});
});

test('a reload mid-upload leaves no stale lock; 50 sent reports stay below the form', async ({
	page,
	context
}) => {
	// Every answer of the report API: its status and the report it names. The upload held below
	// may still reach the server when the page goes away, and its report is then sent again
	// under the same key: a harmless replay (same ref), never a second report.
	const created: Promise<{ status: number; ref: string }>[] = [];
	page.on('response', (response) => {
		if (response.request().method() === 'POST' && response.url().endsWith('/api/needs'))
			created.push(
				response
					.json()
					.then((body: { ref?: string }) => ({ status: response.status(), ref: body.ref ?? '' }))
					.catch(() => ({ status: response.status(), ref: '' }))
			);
	});
	await page.goto('/zglos');
	await waitForEnhanced(page);
	// Fifty reports sent from this device earlier, as the queue keeps them for 30 days.
	await page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('mapa-zasobow-zgloszenia', 1);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error ?? new Error('open failed'));
		});
		const tx = db.transaction('reports', 'readwrite');
		for (let index = 1; index <= 50; index += 1) {
			const ref = `KR-2026-${String(index).padStart(4, '0')}`;
			tx.objectStore('reports').put({
				key: `old-${index}`,
				fields: { title: `Wcześniejsze zgłoszenie ${index}` },
				photo: null,
				photoName: null,
				state: 'sent',
				createdAt: Date.now() - index * 60_000,
				attempts: 1,
				nextAttemptAt: 0,
				lockedUntil: 0,
				ref,
				statusUrl: `/zgloszenie/${ref}`,
				error: null,
				sentAt: Date.now() - index * 60_000
			});
		}
		await new Promise((resolve) => (tx.oncomplete = resolve));
		db.close();
	});
	// Two reports queued offline; back online, the first upload hangs and the page is reloaded.
	await context.setOffline(true);
	for (const title of ['Przeładowanie: pierwsze zgłoszenie', 'Przeładowanie: drugie zgłoszenie']) {
		await page.getByLabel('Miejscowość', { exact: true }).selectOption('kramsk');
		await fillReport(page, { title });
		await submitButton(page).click();
		await expect(page.getByLabel('Tytuł')).toHaveValue('');
	}
	let hung = 0;
	await page.route('**/api/needs', (route) => {
		if (route.request().method() !== 'POST') return route.fallback();
		hung += 1; // never answered: the upload is in flight when the page goes away
	});
	await context.setOffline(false);
	await expect.poll(() => hung).toBe(1);
	await page.unroute('**/api/needs');
	await page.reload();
	await waitForEnhanced(page);

	// Far sooner than any old two-minute lock: both are sent, each once.
	const retry = page.getByRole('button', { name: 'Wyślij teraz' });
	// The reloaded page may already be sending them by itself; the button is pressed if still there.
	await retry
		.first()
		.click({ timeout: 2_000 })
		.catch(() => undefined);
	await expect(retry).toHaveCount(0, { timeout: 10_000 });
	// The held upload's answer may arrive after the reload, when its body can no longer be read
	// (no ref): it is then one of the two reports, replayed, as the refs of the others show.
	const answers = await Promise.all(created);
	expect(answers.every((answer) => answer.status === 201)).toBe(true);
	const refs = new Set(answers.map((answer) => answer.ref).filter(Boolean));
	// Never a third report; nothing is left waiting ("Wyślij teraz" is gone, above).
	expect(refs.size).toBeLessThanOrEqual(2);
	expect(answers.length).toBeGreaterThanOrEqual(2);

	// The form comes first, in the first screen; the sent reports follow it, newest first.
	const place = await page.locator('#place').boundingBox();
	expect(place?.y ?? Infinity).toBeLessThan(844);
	const form = await page.locator('#report-form').boundingBox();
	const sent = await page.getByRole('heading', { name: 'Wysłane z tego urządzenia' }).boundingBox();
	expect(form?.y ?? Infinity).toBeLessThan(sent?.y ?? 0);
	await expect(page.getByRole('link', { name: /^Numer zgłoszenia/ })).toHaveCount(52);
	await expect(page.getByRole('link', { name: /^Numer zgłoszenia/ }).last()).toHaveText(
		'Numer zgłoszenia: KR-2026-0050'
	);
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
