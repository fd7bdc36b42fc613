import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

// POST /api/needs and friends on the built app.

const report = (over: Record<string, unknown> = {}) => ({
	kind: 'potrzeba',
	category: 'seniorzy',
	title: 'Spotkania dla seniorów w świetlicy',
	description: 'Przydałyby się raz w tygodniu.',
	lon: 18.4267,
	lat: 52.265,
	idempotency_key: randomUUID(),
	...over
});

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
	const root = join('.data-e2e', 'uploads', 'needs');
	const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
		.map((f) => join(root, f))
		.filter((f) => f.endsWith('.jpg'));
	return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

test('a need inside the gmina gives 201; the same key replayed gives the same ref; another payload 409', async ({
	request
}) => {
	const body = report();
	const first = await request.post('/api/needs', { data: body });
	expect(first.status()).toBe(201);
	const created = await first.json();
	expect(created.ref).toMatch(/^KR-\d{4}-\d{4}$/);
	expect(created.status_url).toMatch(/\/zgloszenie\/[A-Za-z0-9_-]{20,}$/);

	const replay = await request.post('/api/needs', { data: body });
	expect(replay.status()).toBe(201);
	expect(await replay.json()).toEqual(created);

	const changed = await request.post('/api/needs', {
		data: { ...body, title: 'Inna treść z tym samym kluczem' }
	});
	expect(changed.status()).toBe(409);
	expect((await changed.json()).error).toMatch(/klucz/);
});

test('a point outside the gmina gives 422 with a Polish field message', async ({ request }) => {
	const res = await request.post('/api/needs', { data: report({ lon: 19.456, lat: 51.759 }) });
	expect(res.status()).toBe(422);
	expect((await res.json()).fields.lat).toMatch(/poza gminą/);
});

test('the contact is never public and the need stays out of needs.geojson until published', async ({
	request
}) => {
	const email = `kontakt-${randomUUID()}@example.org`;
	const res = await request.post('/api/needs', {
		data: report({ title: 'Zgłoszenie z kontaktem', contact: email, contact_consent: true })
	});
	expect(res.status()).toBe(201);
	const { ref, status_url } = await res.json();

	const status = await request.get(status_url, { headers: { accept: 'application/json' } });
	expect(status.status()).toBe(200);
	const view = await status.json();
	expect(view).toMatchObject({
		ref,
		status: 'nowe',
		title: 'Zgłoszenie z kontaktem',
		photo_url: null
	});
	expect(view.timeline.map((e: { status: string }) => e.status)).toEqual(['nowe']);

	for (const url of [status_url, '/api/needs.geojson', `/api/needs.geojson?category=seniorzy`]) {
		const text = await (await request.get(url, { headers: { accept: 'application/json' } })).text();
		expect(text).not.toContain(email);
		if (url !== status_url) expect(text).not.toContain(ref);
	}
});

test('a JPEG with GPS EXIF is stored re-encoded, without EXIF, at most 1600 px', async ({
	request
}) => {
	const res = await request.post('/api/needs', {
		multipart: {
			...Object.fromEntries(
				Object.entries(report({ title: 'Zdjęcie z GPS' })).map(([k, v]) => [k, String(v)])
			),
			photo: { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps() }
		}
	});
	expect(res.status()).toBe(201);
	const stored = readFileSync(newestUpload());
	const meta = await sharp(stored).metadata();
	expect(meta.exif).toBeUndefined();
	expect(stored.includes(Buffer.from('GpsCam'))).toBe(false);
	expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(1600);
	// Unpublished: the status link does not expose the photo yet.
	const view = await (
		await request.get((await res.json()).status_url, { headers: { accept: 'application/json' } })
	).json();
	expect(view.photo_url).toBeNull();
});

test('uploads: wrong magic bytes 422, over 10 MB 413', async ({ request }) => {
	const fields = (title: string) =>
		Object.fromEntries(Object.entries(report({ title })).map(([k, v]) => [k, String(v)]));
	const fake = await request.post('/api/needs', {
		multipart: {
			...fields('Plik udający zdjęcie'),
			photo: {
				name: 'x.jpg',
				mimeType: 'image/jpeg',
				buffer: Buffer.from('GIF89a not really a photo')
			}
		}
	});
	expect(fake.status()).toBe(422);
	expect((await fake.json()).fields.photo).toMatch(/JPEG/);

	const big = Buffer.alloc(10 * 1024 * 1024 + 100, 0);
	big.set([0xff, 0xd8, 0xff]);
	const tooBig = await request.post('/api/needs', {
		multipart: {
			...fields('Za duże zdjęcie'),
			photo: { name: 'big.jpg', mimeType: 'image/jpeg', buffer: big }
		}
	});
	expect(tooBig.status()).toBe(413);
	expect((await tooBig.json()).error).toMatch(/10 MB/);
});

test('bad requests: malformed JSON 400, honeypot 400, invalid fields 422 with messages', async ({
	request
}) => {
	const malformed = await request.post('/api/needs', {
		headers: { 'content-type': 'application/json' },
		data: '{"kind":'
	});
	expect(malformed.status()).toBe(400);
	expect(
		(
			await request.post('/api/needs', { data: report({ website: 'http://spam.example' }) })
		).status()
	).toBe(400);
	const invalid = await request.post('/api/needs', {
		data: report({ title: 'x'.repeat(121), category: 'NIE' })
	});
	expect(invalid.status()).toBe(422);
	const { fields } = await invalid.json();
	expect(fields.title).toMatch(/120/);
	expect(fields.category).toBeTruthy();
});

test('supports: one per browser, withdrawable; unpublished needs cannot be supported', async ({
	request,
	baseURL
}) => {
	// A browser: its device cookie comes from a page, its requests carry this site's Origin
	// (without either, see supports-guard.e2e.ts).
	await request.get('/', { headers: { accept: 'text/html' } });
	const headers = { origin: new URL(baseURL ?? '').origin };
	const needs = await (await request.get('/api/needs.geojson')).json();
	const need = needs.features[0].properties;
	const first = await (await request.post(`/api/needs/${need.id}/support`, { headers })).json();
	expect(first).toEqual({ supported: true, support_count: need.support_count + 1 });
	const twice = await (await request.post(`/api/needs/${need.id}/support`, { headers })).json();
	expect(twice.support_count).toBe(need.support_count + 1);
	const withdrawn = await (
		await request.delete(`/api/needs/${need.id}/support`, { headers })
	).json();
	expect(withdrawn).toEqual({ supported: false, support_count: need.support_count });
	expect((await request.post(`/api/needs/${randomUUID()}/support`, { headers })).status()).toBe(
		404
	);
	expect((await request.post('/api/needs/not-a-uuid/support', { headers })).status()).toBe(400);
});

test('duplicate hints list published needs nearby', async ({ request }) => {
	const needs = await (await request.get('/api/needs.geojson')).json();
	const f = needs.features[0];
	const [lon, lat] = f.geometry.coordinates;
	const hits = await (
		await request.get(`/api/needs/similar?lon=${lon}&lat=${lat}&category=${f.properties.category}`)
	).json();
	expect(hits[0]).toMatchObject({ id: f.properties.id, distance_m: 0 });
	expect((await request.get('/api/needs/similar?lon=abc&lat=52')).status()).toBe(400);
});

test('cross-site form posts to pages are refused; the open API accepts other clients', async ({
	request
}) => {
	const page = await request.post('/zglos', {
		headers: { origin: 'https://evil.example' },
		multipart: { title: 'x' }
	});
	expect(page.status()).toBe(403);
	const api = await request.post('/api/needs', {
		headers: { origin: 'https://other.example' },
		multipart: Object.fromEntries(
			Object.entries(report({ title: 'Z innej strony' })).map(([k, v]) => [k, String(v)])
		)
	});
	expect(api.status()).toBe(201);
});
