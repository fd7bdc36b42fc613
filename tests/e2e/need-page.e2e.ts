import { expect, request as requests, test, type APIRequestContext } from './fixtures.ts';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { E2E_PASSWORD, USERS } from './auth-helpers';
import { gotoSettled } from './helpers';
import { seriousViolations, testPhoto } from './report-helpers';

// The public page of a need in a browser: a need published by an organizer, with a public note,
// a photo and a linked activity, read with JavaScript off; its link preview tags and share
// image; axe in Polish and English. What needs no browser (404s, redirects, sitemap, the
// reporter's photo) is in tests/http/need-page.spec.ts.

const TITLE = `Oświetlenie przystanku ${Date.now()}`;
const DESCRIPTION = 'Wieczorem na przystanku jest zupełnie ciemno.';
const NOTE = 'Gmina zamówiła lampę, montaż w przyszłym miesiącu.';
const ACTIVITY = `Spacer badawczy ${Date.now()}`;

let ref = '';
let needId = '';
let organizer: APIRequestContext;

async function signedInOrganizer(baseURL: string): Promise<APIRequestContext> {
	const context = await requests.newContext({
		baseURL,
		extraHTTPHeaders: { origin: baseURL, accept: 'text/html' }
	});
	const login = await context.post('/logowanie?/password', {
		form: { email: USERS.organizer, password: E2E_PASSWORD, next: '/panel' },
		maxRedirects: 0
	});
	expect(login.status()).toBe(303);
	return context;
}

test.beforeAll(async ({ baseURL }) => {
	if (!baseURL) throw new Error('no baseURL');
	const resident = await requests.newContext({ baseURL });
	const created = await resident.post('/api/needs', {
		multipart: {
			kind: 'need',
			category: 'seniorzy',
			title: TITLE,
			description: DESCRIPTION,
			lon: '18.4267',
			lat: '52.265',
			idempotency_key: randomUUID(),
			photo: { name: 'przystanek.jpg', mimeType: 'image/jpeg', buffer: await testPhoto('#1d4ed8') }
		}
	});
	expect(created.status()).toBe(201);
	ref = ((await created.json()) as { ref: string }).ref;
	await resident.dispose();

	organizer = await signedInOrganizer(baseURL);
	// The queue links each new report to its moderation page.
	const queue = await (await organizer.get('/panel/moderacja')).text();
	const at = queue.indexOf(TITLE);
	needId = /\/panel\/moderacja\/([0-9a-f-]{36})/.exec(queue.slice(at))?.[1] ?? '';
	expect(needId).not.toBe('');
	const moderate = (action: string, form: Record<string, string>) =>
		organizer.post(`/panel/moderacja/${needId}?/${action}`, { form, maxRedirects: 0 });
	expect((await moderate('approve', {})).status()).toBeLessThan(400);
	expect(
		(await moderate('status', { status: 'in_analysis', note: NOTE, note_public: 'on' })).status()
	).toBeLessThan(400);
	const date = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
	const activity = await organizer.post('/panel/dzialania/nowe', {
		form: {
			title: ACTIVITY,
			description: 'Obejdziemy okolicę przystanku po zmroku.',
			kind: 'workshop',
			programme_category: 'community_animation',
			date,
			start_time: '18:00',
			locality: 'kramsk',
			status: 'planned',
			published: 'on',
			needs: needId
		},
		maxRedirects: 0
	});
	expect(activity.status()).toBe(303);
});

test.afterAll(async () => {
	// Rejected again, so later suites see only the demo needs on the map.
	await organizer?.post(`/panel/moderacja/${needId}?/reject`, {
		form: { reason: 'Wpis testowy.', confirm: 'on' },
		maxRedirects: 0
	});
	await organizer?.dispose();
});

test('with JavaScript off the page shows the description, the note, the photo, the activity and the support count', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	const response = await page.goto(`/potrzeby/${ref}`);
	expect(response?.status()).toBe(200);
	await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
	await expect(page.getByTestId('need-description')).toHaveText(DESCRIPTION);
	await expect(page.getByTestId('need-timeline')).toContainText(NOTE);
	const photo = page.getByRole('img', { name: new RegExp(TITLE) }).first();
	await expect(photo).toBeVisible();
	expect(await photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
	await expect(page.getByRole('link', { name: ACTIVITY })).toHaveAttribute(
		'href',
		/\/dzialania\/[0-9a-f-]{36}$/
	);
	await expect(page.getByTestId('support-count')).toContainText('0');

	// "Popieram" as a plain form.
	await page.getByRole('button', { name: 'Popieram' }).click();
	await expect(page.getByTestId('support-count')).toContainText('1');

	// Link previews: the tags and an image that is a 1200×630 PNG.
	const meta = (selector: string) => page.locator(selector).getAttribute('content');
	expect(await meta('meta[property="og:title"]')).toBe(TITLE);
	expect(await meta('meta[property="og:description"]')).toBe(DESCRIPTION);
	expect(await meta('meta[name="twitter:card"]')).toBe('summary_large_image');
	expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toMatch(
		new RegExp(`/potrzeby/${ref}$`)
	);
	const image = (await meta('meta[property="og:image"]')) ?? '';
	const png = await context.request.get(image);
	expect(png.headers()['content-type']).toBe('image/png');
	const size = await sharp(await png.body()).metadata();
	expect([size.width, size.height]).toEqual([1200, 630]);
	await context.close();
});

test('axe: no serious violations on the need page in Polish and English', async ({ page }) => {
	for (const path of [`/potrzeby/${ref}`, `/en/potrzeby/${ref}`]) {
		await gotoSettled(page, path);
		expect.soft(await seriousViolations(page), path).toEqual([]);
	}
});
