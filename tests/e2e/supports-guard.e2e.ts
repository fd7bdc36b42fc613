import { expect, test, type APIRequestContext } from './fixtures.ts';
import { signIn } from './auth-helpers';

// "Popieram" on the built app: supports from many browsers on one network are flagged for the
// organizer (the device cookie and Origin rules: tests/http/needs-api.spec.ts).

interface Need {
	id: string;
	title: string;
	support_count: number;
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

test('ten browsers on one network supporting within an hour are flagged for the organizer, with counts', async ({
	page,
	playwright,
	baseURL
}) => {
	const origin = new URL(baseURL ?? '').origin;
	const api = await playwright.request.newContext({ baseURL });
	const body = (await (await api.get('/api/needs.geojson')).json()) as {
		features: { properties: Need }[];
	};
	const need = body.features[body.features.length - 1].properties;
	const url = `/api/needs/${need.id}/support`;
	// Ten browsers, each with its page visit; all of them on this machine's one network.
	const browsers: APIRequestContext[] = [];
	for (let i = 0; i < 10; i++) {
		const browser = await playwright.request.newContext({ baseURL });
		await browser.get('/', { headers: HTML });
		expect((await browser.post(url, { headers: { origin } })).status()).toBe(200);
		browsers.push(browser);
	}

	await signIn(page, 'organizer', '/panel/moderacja');
	const item = page
		.getByRole('listitem')
		.filter({ has: page.getByText(need.title, { exact: true }) });
	const burst = /Podejrzany wzrost poparcia: \d+ z jednej sieci w ciągu godziny\./;
	await expect(item.getByText(burst)).toBeVisible();
	await item.getByRole('link', { name: 'Przejrzyj' }).click();
	await expect(page.getByText(burst)).toBeVisible();

	// Withdrawn again, the supports leave no warning behind.
	for (const browser of browsers) {
		expect((await browser.delete(url, { headers: { origin } })).status()).toBe(200);
		await browser.dispose();
	}
	await page.goto('/panel/moderacja');
	await expect(page.getByText(need.title, { exact: true })).toHaveCount(0);
	await api.dispose();
});
