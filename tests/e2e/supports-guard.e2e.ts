import { expect, test, type APIRequestContext } from '@playwright/test';
import { signIn } from './auth-helpers';

// "Popieram" on the built app: a support counts only from a browser that received its device
// cookie from a page of the app, sent from a page of this site (Origin). Scripts that skip the
// page, or another site's page, change no count.

interface Need {
	id: string;
	title: string;
	support_count: number;
}

async function firstNeed(api: APIRequestContext): Promise<Need> {
	const body = (await (await api.get('/api/needs.geojson')).json()) as {
		features: { properties: Need }[];
	};
	return body.features[0].properties;
}

async function countOf(api: APIRequestContext, id: string): Promise<number> {
	const body = (await (await api.get('/api/needs.geojson')).json()) as {
		features: { properties: Need }[];
	};
	const need = body.features.find((f) => f.properties.id === id);
	if (!need) throw new Error(`need ${id} is not public`);
	return need.properties.support_count;
}

const HTML = { accept: 'text/html,application/xhtml+xml' };

test('200 support POSTs without a page visit, with a made-up cookie or from another site change no count', async ({
	playwright,
	baseURL
}) => {
	const origin = new URL(baseURL ?? '').origin;
	const api = await playwright.request.newContext({ baseURL });
	const need = await firstNeed(api);
	const url = `/api/needs/${need.id}/support`;

	// No page visit: the API never hands out identities.
	const statuses = await Promise.all(
		Array.from({ length: 200 }, () =>
			api.post(url, { headers: { origin } }).then((r) => r.status())
		)
	);
	expect(new Set(statuses)).toEqual(new Set([403]));
	const refused = await api.post(url, { headers: { origin } });
	expect((await refused.json()).error).toMatch(/Odśwież stronę/);
	expect(refused.headers()['set-cookie']).toBeUndefined();

	// A cookie the server did not sign.
	const forged = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { cookie: `mzp_device=${'A'.repeat(43)}.${'B'.repeat(22)}`, origin }
	});
	expect((await forged.post(url)).status()).toBe(403);
	await forged.dispose();

	// API and asset requests get no cookie; a page does (httpOnly, SameSite=Lax).
	expect((await api.get('/api/needs.geojson')).headers()['set-cookie']).toBeUndefined();
	const page = await api.get('/', { headers: HTML });
	expect(page.headers()['set-cookie']).toMatch(/^mzp_device=[\w-]{43}\.[\w-]{22};/);
	expect(page.headers()['set-cookie']).toMatch(/HttpOnly/i);
	expect(page.headers()['set-cookie']).toMatch(/SameSite=Lax/i);
	// The next page keeps the identity it has.
	expect((await api.get('/', { headers: HTML })).headers()['set-cookie']).toBeUndefined();

	// With the page's cookie, but from another site or with no Origin at all.
	const elsewhere: Record<string, string>[] = [
		{ origin: 'https://evil.example' },
		{ origin: 'null' },
		{}
	];
	for (const headers of elsewhere) {
		const response = await api.post(url, { headers });
		expect(response.status()).toBe(403);
		expect((await response.json()).error).toMatch(/tylko ze stron tej aplikacji/);
	}
	expect(await countOf(api, need.id)).toBe(need.support_count);

	// The same browser from this site: one support, once, and withdrawable.
	const first = await api.post(url, { headers: { origin } });
	expect(await first.json()).toEqual({ supported: true, support_count: need.support_count + 1 });
	const twice = await api.post(url, { headers: { origin } });
	expect((await twice.json()).support_count).toBe(need.support_count + 1);
	const withdrawn = await api.delete(url, { headers: { origin } });
	expect(await withdrawn.json()).toEqual({ supported: false, support_count: need.support_count });
	await api.dispose();
});

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
