import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, openApp, type App, type Client } from './app.ts';

// POST /api/needs and "Popieram", request by request through the hooks and handlers.

let app: App;
beforeAll(async () => {
	app = await openApp();
});
afterAll(async () => {
	await app?.close();
});

const report = (over: Record<string, unknown> = {}) => ({
	kind: 'need',
	category: 'seniorzy',
	title: 'Spotkania dla seniorów w świetlicy',
	description: 'Przydałyby się raz w tygodniu.',
	lon: 18.4267,
	lat: 52.265,
	idempotency_key: randomUUID(),
	...over
});

/** The report as multipart fields (strings), as a form or a script posting one sends them. */
const fields = (over: Record<string, unknown> = {}) =>
	Object.fromEntries(Object.entries(report(over)).map(([k, v]) => [k, String(v)]));

const post = (data: unknown, headers: Record<string, string> = {}) =>
	app.request('/api/needs', { method: 'POST', json: data, headers });

const asJson = { accept: 'application/json' };

async function jpegWithGps(): Promise<Buffer> {
	return sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#b8860b' } })
		.withExif({
			IFD0: { Make: 'GpsCam' },
			IFD3: {
				GPSLatitudeRef: 'N',
				GPSLatitude: '52/1 15/1 54/1',
				GPSLongitudeRef: 'E',
				GPSLongitude: '18/1 25/1 36/1'
			}
		})
		.jpeg()
		.toBuffer();
}

function newestUpload(): string {
	const root = join(app.dataDir, 'uploads', 'needs');
	const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
		.map((f) => join(root, f))
		.filter((f) => f.endsWith('.jpg'));
	return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

const file = (bytes: Uint8Array, name: string, type = 'image/jpeg') =>
	new File([new Uint8Array(bytes)], name, { type });

describe('POST /api/needs', () => {
	it('a need inside the gmina gives 201; the same key replayed gives the same ref; another payload 409', async () => {
		const body = report();
		const first = await post(body);
		expect(first.status).toBe(201);
		const created = await first.json();
		expect(created.ref).toMatch(/^KR-\d{4}-\d{4}$/);
		expect(created.status_url).toMatch(/\/zgloszenie\/[A-Za-z0-9_-]{20,}$/);

		const replay = await post(body);
		expect(replay.status).toBe(201);
		expect(await replay.json()).toEqual(created);

		const changed = await post({ ...body, title: 'Inna treść z tym samym kluczem' });
		expect(changed.status).toBe(409);
		expect((await changed.json()).error).toMatch(/klucz/);
	});

	it('a point outside the gmina gives 422 with a Polish field message', async () => {
		const res = await post(report({ lon: 19.456, lat: 51.759 }));
		expect(res.status).toBe(422);
		expect((await res.json()).fields.lat).toMatch(/poza gminą/);
	});

	it('the contact is never public and the need stays out of needs.geojson until published', async () => {
		const email = `kontakt-${randomUUID()}@example.org`;
		const res = await post(
			report({ title: 'Zgłoszenie z kontaktem', contact: email, contact_consent: true })
		);
		expect(res.status).toBe(201);
		const { ref, status_url } = await res.json();

		const status = await app.request(status_url, { headers: asJson });
		expect(status.status).toBe(200);
		const view = await status.json();
		expect(view).toMatchObject({
			ref,
			status: 'new',
			title: 'Zgłoszenie z kontaktem',
			photo_url: null
		});
		expect(view.timeline.map((e: { status: string }) => e.status)).toEqual(['new']);

		for (const url of [status_url, '/api/needs.geojson', `/api/needs.geojson?category=seniorzy`]) {
			const text = await (await app.request(url, { headers: asJson })).text();
			expect(text).not.toContain(email);
			if (url !== status_url) expect(text).not.toContain(ref);
		}
	});

	it('a JPEG with GPS EXIF is stored re-encoded, without EXIF, at most 1600 px', async () => {
		const res = await app.request('/api/needs', {
			method: 'POST',
			form: {
				...fields({ title: 'Zdjęcie z GPS' }),
				photo: file(await jpegWithGps(), 'IMG_0001.jpg')
			}
		});
		expect(res.status).toBe(201);
		const stored = readFileSync(newestUpload());
		const meta = await sharp(stored).metadata();
		expect(meta.exif).toBeUndefined();
		expect(stored.includes(Buffer.from('GpsCam'))).toBe(false);
		expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(1600);
		// Unpublished: the status link does not expose the photo yet.
		const view = await (
			await app.request((await res.json()).status_url, { headers: asJson })
		).json();
		expect(view.photo_url).toBeNull();
	});

	it('uploads: wrong magic bytes 422, over 10 MB 413', async () => {
		const fake = await app.request('/api/needs', {
			method: 'POST',
			form: {
				...fields({ title: 'Plik udający zdjęcie' }),
				photo: file(Buffer.from('GIF89a not really a photo'), 'x.jpg')
			}
		});
		expect(fake.status).toBe(422);
		expect((await fake.json()).fields.photo).toMatch(/JPEG/);

		const big = Buffer.alloc(10 * 1024 * 1024 + 100, 0);
		big.set([0xff, 0xd8, 0xff]);
		const tooBig = await app.request('/api/needs', {
			method: 'POST',
			form: { ...fields({ title: 'Za duże zdjęcie' }), photo: file(big, 'big.jpg') }
		});
		expect(tooBig.status).toBe(413);
		expect((await tooBig.json()).error).toMatch(/10 MB/);
	});

	it('without JavaScript, a photo over 10 MB comes back with what to do and nothing typed lost', async () => {
		const big = Buffer.alloc(10 * 1024 * 1024 + 100, 0);
		big.set([0xff, 0xd8, 0xff]);
		const page = await app.request('/zglos', {
			method: 'POST',
			headers: { origin: ORIGIN, accept: 'text/html' },
			form: { ...fields({ title: 'Zdjęcie z aparatu bez JavaScriptu' }), photo: file(big, 'a.jpg') }
		});
		expect(page.status).toBe(413);
		// The form action's answer, which the page shows beside the photo field.
		const data = (await page.json()) as {
			values: Record<string, string>;
			errors: Record<string, string>;
		};
		expect(data.errors.photo).toMatch(/10 MB\. Zmniejsz je .* włącz JavaScript/);
		expect(data.values.title).toBe('Zdjęcie z aparatu bez JavaScriptu');
	});

	it('bad requests: malformed JSON 400, honeypot 400, invalid fields 422 with messages', async () => {
		const malformed = await app.request('/api/needs', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"kind":'
		});
		expect(malformed.status).toBe(400);
		expect((await post(report({ website: 'http://spam.example' }))).status).toBe(400);
		const invalid = await post(report({ title: 'x'.repeat(121), category: 'NIE' }));
		expect(invalid.status).toBe(422);
		const { fields: errors } = await invalid.json();
		expect(errors.title).toMatch(/120/);
		expect(errors.category).toBeTruthy();
	});

	it('NUL in a JSON field is a 422 with a message; a title of zero-width spaces is refused', async () => {
		const nul = await post({
			kind: 'need',
			category: 'seniorzy',
			title: 'Ławka\u0000',
			lon: 18.4267,
			lat: 52.265,
			idempotency_key: 'nul-test-0000000001'
		});
		expect(nul.status).toBe(422);
		expect((await nul.json()).fields.title).toMatch(/bajt zerowy/);

		const blank = await post({
			kind: 'need',
			category: 'seniorzy',
			title: '\u200b\u200b\u200b\u200b\u200b',
			lon: 18.4267,
			lat: 52.265,
			idempotency_key: 'zwsp-test-000000001'
		});
		expect(blank.status).toBe(422);
		expect((await blank.json()).fields.title).toMatch(/co najmniej 3/);
	});

	it('duplicate hints list published needs nearby', async () => {
		const needs = await (await app.request('/api/needs.geojson')).json();
		const f = needs.features[0];
		const [lon, lat] = f.geometry.coordinates;
		const hits = await (
			await app.request(
				`/api/needs/similar?lon=${lon}&lat=${lat}&category=${f.properties.category}`
			)
		).json();
		expect(hits[0]).toMatchObject({ id: f.properties.id, distance_m: 0 });
		expect((await app.request('/api/needs/similar?lon=abc&lat=52')).status).toBe(400);
	});

	it('cross-site form posts to pages are refused; the open API accepts other clients', async () => {
		const page = await app.request('/zglos', {
			method: 'POST',
			headers: { origin: 'https://evil.example' },
			form: { title: 'x' }
		});
		expect(page.status).toBe(403);
		const api = await app.request('/api/needs', {
			method: 'POST',
			headers: { origin: 'https://other.example' },
			form: fields({ title: 'Z innej strony' })
		});
		expect(api.status).toBe(201);
	});
});

// "Popieram": a support counts only from a browser that received its device cookie from a page
// of the app, sent from a page of this site (Origin). Scripts that skip the page, or another
// site's page, change no count.
describe('supports', () => {
	interface Need {
		id: string;
		title: string;
		support_count: number;
	}
	const HTML = { accept: 'text/html,application/xhtml+xml' };
	const fromHere = { origin: ORIGIN };

	async function publicNeeds(): Promise<Need[]> {
		const body = (await (await app.request('/api/needs.geojson')).json()) as {
			features: { properties: Need }[];
		};
		return body.features.map((f) => f.properties);
	}
	async function countOf(id: string): Promise<number> {
		const need = (await publicNeeds()).find((n) => n.id === id);
		if (!need) throw new Error(`need ${id} is not public`);
		return need.support_count;
	}
	const support = (client: Client, id: string, method: string, headers = fromHere) =>
		client.request(`/api/needs/${id}/support`, { method, headers });

	it('one per browser, withdrawable; unpublished needs cannot be supported', async () => {
		// A browser: its device cookie comes from a page, its requests carry this site's Origin.
		const browser = app.browser();
		await browser.request('/', { headers: { accept: 'text/html' } });
		const need = (await publicNeeds())[0];
		const first = await (await support(browser, need.id, 'POST')).json();
		expect(first).toEqual({ supported: true, support_count: need.support_count + 1 });
		const twice = await (await support(browser, need.id, 'POST')).json();
		expect(twice.support_count).toBe(need.support_count + 1);
		const withdrawn = await (await support(browser, need.id, 'DELETE')).json();
		expect(withdrawn).toEqual({ supported: false, support_count: need.support_count });
		expect((await support(browser, randomUUID(), 'POST')).status).toBe(404);
		expect((await support(browser, 'not-a-uuid', 'POST')).status).toBe(400);
	});

	it('200 support POSTs without a page visit, with a made-up cookie or from another site change no count', async () => {
		const need = (await publicNeeds())[0];
		const url = `/api/needs/${need.id}/support`;
		const api = app.browser();

		// No page visit: the API never hands out identities.
		const statuses = await Promise.all(
			Array.from({ length: 200 }, () =>
				api.request(url, { method: 'POST', headers: fromHere }).then((r) => r.status)
			)
		);
		expect(new Set(statuses)).toEqual(new Set([403]));
		const refused = await api.request(url, { method: 'POST', headers: fromHere });
		expect((await refused.json()).error).toMatch(/Odśwież stronę/);
		expect(refused.headers.get('set-cookie')).toBeNull();

		// A cookie the server did not sign.
		const forged = await app.request(url, {
			method: 'POST',
			headers: { cookie: `mzp_device=${'A'.repeat(43)}.${'B'.repeat(22)}`, ...fromHere }
		});
		expect(forged.status).toBe(403);

		// API and asset requests get no cookie; a page does (httpOnly, SameSite=Lax).
		expect((await api.request('/api/needs.geojson')).headers.get('set-cookie')).toBeNull();
		const page = await api.request('/', { headers: HTML });
		expect(page.headers.get('set-cookie')).toMatch(/^mzp_device=[\w-]{43}\.[\w-]{22};/);
		expect(page.headers.get('set-cookie')).toMatch(/HttpOnly/i);
		expect(page.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
		// The next page keeps the identity it has.
		expect((await api.request('/', { headers: HTML })).headers.get('set-cookie')).toBeNull();

		// With the page's cookie, but from another site or with no Origin at all.
		const elsewhere: Record<string, string>[] = [
			{ origin: 'https://evil.example' },
			{ origin: 'null' },
			{}
		];
		for (const headers of elsewhere) {
			const response = await api.request(url, { method: 'POST', headers });
			expect(response.status).toBe(403);
			expect((await response.json()).error).toMatch(/tylko ze stron tej aplikacji/);
		}
		expect(await countOf(need.id)).toBe(need.support_count);

		// The same browser from this site: one support, once, and withdrawable.
		const first = await support(api, need.id, 'POST');
		expect(await first.json()).toEqual({ supported: true, support_count: need.support_count + 1 });
		const twice = await support(api, need.id, 'POST');
		expect((await twice.json()).support_count).toBe(need.support_count + 1);
		const withdrawn = await support(api, need.id, 'DELETE');
		expect(await withdrawn.json()).toEqual({ supported: false, support_count: need.support_count });
	});
});
