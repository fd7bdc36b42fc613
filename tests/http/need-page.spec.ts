import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, openApp, type App } from './app.ts';

// The public need page through the hooks: what its load answers (404, redirects), the share
// image, "Popieram" without JavaScript, sitemap.xml and robots.txt, and the reporter's own
// photo through the private status link.

let app: App;
/** References of the arranged needs. */
const refs = { shown: '', fresh: '', merged: '' };

beforeAll(async () => {
	app = await openApp();
	await app.db.asOwner(async (tx) => {
		const need = async (title: string, status: string) =>
			(
				await tx.query<{ id: string; ref: string }>(
					`insert into public.needs (region_id, kind, category, title, description, point, status)
					 select r.id, 'need', 'seniorzy', $1, 'Opis: ' || $1,
					   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326), $2
					 from public.regions r where r.slug = 'kramsk'
					 returning id::text as id, ref`,
					[title, status]
				)
			)[0];
		const shown = await need('HTTP ławka przy świetlicy', 'published');
		const fresh = await need('HTTP nieopublikowane', 'new');
		const merged = await need('HTTP duplikat ławki', 'published');
		await tx.query("update public.needs set status = 'merged', merged_into = $2 where id = $1", [
			merged.id,
			shown.id
		]);
		await tx.query(
			`insert into public.need_events (need_id, status, note, is_public)
			 values ($1, 'published', 'HTTP notatka publiczna', true)`,
			[shown.id]
		);
		Object.assign(refs, { shown: shown.ref, fresh: fresh.ref, merged: merged.ref });
	});
});
afterAll(async () => {
	await app?.close();
});

const HTML = { accept: 'text/html,application/xhtml+xml' };
const fromHere = { origin: ORIGIN };

describe('/potrzeby/<ref>', () => {
	it('a public need answers its description and public note; an unpublished one 404', async () => {
		const res = await app.request(`/potrzeby/${refs.shown}/__data.json`, { headers: HTML });
		expect(res.status).toBe(200);
		const { need, imageUrl } = await res.json();
		expect(need.description).toBe('Opis: HTTP ławka przy świetlicy');
		expect(need.timeline.map((e: { note: string | null }) => e.note)).toContain(
			'HTTP notatka publiczna'
		);
		expect(imageUrl).toMatch(new RegExp(`^${ORIGIN}/potrzeby/${refs.shown}/obraz\\.png\\?v=\\d+$`));

		for (const path of [`/potrzeby/${refs.fresh}`, '/potrzeby/KR-1999-0001', '/potrzeby/nie-ma']) {
			const missing = await app.request(`${path}/__data.json`, { headers: HTML });
			expect(missing.status, path).toBe(404);
		}
	});

	it('a merged need redirects permanently to the need it was merged into, in the page language', async () => {
		const pl = await app.request(`/potrzeby/${refs.merged}/__data.json`, { headers: HTML });
		expect(pl.status).toBe(301);
		expect(pl.headers.get('location')).toBe(`/potrzeby/${refs.shown}`);
		const en = await app.request(`/en/potrzeby/${refs.merged}/__data.json`, { headers: HTML });
		expect(en.headers.get('location')).toBe(`/en/potrzeby/${refs.shown}`);
		// A reference typed in lower case leads to its canonical spelling.
		const lower = await app.request(`/potrzeby/${refs.shown.toLowerCase()}/__data.json`, {
			headers: HTML
		});
		expect([lower.status, lower.headers.get('location')]).toEqual([301, `/potrzeby/${refs.shown}`]);
	});

	it('the share image is a 1200×630 PNG with an ETag; unchanged it answers 304, unpublished 404', async () => {
		const res = await app.request(`/potrzeby/${refs.shown}/obraz.png`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
		const etag = res.headers.get('etag') ?? '';
		expect(etag).not.toBe('');
		const again = await app.request(`/potrzeby/${refs.shown}/obraz.png`, {
			headers: { 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
		expect((await app.request(`/potrzeby/${refs.fresh}/obraz.png`)).status).toBe(404);
	});

	it('names the village among the map’s village areas, for its outline on the small map', async () => {
		const { need, localityId } = await (
			await app.request(`/potrzeby/${refs.shown}/__data.json`, { headers: HTML })
		).json();
		const villages = (await (await app.request('/api/villages.geojson')).json()) as {
			features: { id: number; properties: { slug: string } }[];
		};
		const village = villages.features.find((f) => f.properties.slug === need.locality.slug);
		expect(village).toBeDefined();
		expect(localityId).toBe(village?.id);
	});

	it('"Popieram" works as a plain form for a browser that loaded the page', async () => {
		const browser = app.browser();
		const action = `/potrzeby/${refs.shown}?/support`;
		// Without the device cookie a page load gives, the support is refused.
		const refused = await browser.request(action, {
			method: 'POST',
			form: { on: '1' },
			headers: fromHere
		});
		expect(refused.status).toBe(403);
		await browser.request(`/potrzeby/${refs.shown}`, { headers: HTML });
		const first = await browser.request(action, {
			method: 'POST',
			form: { on: '1' },
			headers: fromHere
		});
		expect(first.status).toBe(200);
		const added = await first.json();
		expect(added.supported).toBe(true);
		const twice = await (
			await browser.request(action, { method: 'POST', form: { on: '1' }, headers: fromHere })
		).json();
		expect(twice.supportCount).toBe(added.supportCount);
		const back = await (
			await browser.request(action, { method: 'POST', form: { on: '0' }, headers: fromHere })
		).json();
		expect([back.supported, back.supportCount]).toEqual([false, added.supportCount - 1]);
	});

	it('"Zgłoś nadużycie" works as a plain form, counted once per browser like the endpoint', async () => {
		const browser = app.browser();
		const action = `/potrzeby/${refs.shown}?/abuse`;
		const refused = await browser.request(action, {
			method: 'POST',
			form: { reason: 'spam' },
			headers: fromHere
		});
		expect(refused.status).toBe(403);
		expect((await refused.json()).abuseMessage).toMatch(/odśwież/i);
		// The page without JavaScript: a form posting to the action, with the reasons.
		const page = await browser.request(`/potrzeby/${refs.shown}`, { headers: HTML, render: true });
		const html = await page.text();
		expect(html).toMatch(/<form method="POST" action="\?\/abuse"/);
		expect(html).toContain('<option value="spam">');
		const reports = () =>
			app.db.asOwner(async (tx) => {
				const [{ n }] = await tx.query<{ n: number }>(
					`select count(*)::int as n from public.abuse_reports r
					 join public.needs n on n.id = r.need_id where n.ref = $1 and r.reason = 'spam'`,
					[refs.shown]
				);
				return n;
			});
		const before = await reports();
		const bad = await browser.request(action, {
			method: 'POST',
			form: { reason: 'nie-ma-takiego' },
			headers: fromHere
		});
		expect(bad.status).toBe(400);
		for (let i = 0; i < 2; i++) {
			const sent = await browser.request(action, {
				method: 'POST',
				form: { reason: 'spam' },
				headers: fromHere
			});
			expect(sent.status).toBe(200);
			expect(await sent.json()).toEqual({ abuseReported: true });
		}
		expect(await reports()).toBe(before + 1);
		// An unpublished need cannot be reported.
		const hidden = await browser.request(`/potrzeby/${refs.fresh}?/abuse`, {
			method: 'POST',
			form: { reason: 'spam' },
			headers: fromHere
		});
		expect(hidden.status).toBe(404);
	});
});

describe('sitemap.xml and robots.txt', () => {
	it('the sitemap lists public needs in both languages and leaves unpublished ones out', async () => {
		const res = await app.request('/sitemap.xml');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
		const xml = await res.text();
		expect(xml).toContain(`<loc>${ORIGIN}/potrzeby/${refs.shown}</loc>`);
		expect(xml).toContain(`<loc>${ORIGIN}/en/potrzeby/${refs.shown}</loc>`);
		expect(xml).toContain(`<loc>${ORIGIN}/zasady-moderacji</loc>`);
		expect(xml).toContain(`<loc>${ORIGIN}/diagnoza/gmina</loc>`);
		expect(xml).not.toContain(refs.fresh);
		expect(xml).not.toContain(refs.merged);
	});

	it('robots.txt names the sitemap by its absolute URL', async () => {
		const text = await (await app.request('/robots.txt')).text();
		expect(text).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
		expect(text).toMatch(/^User-agent: \*$/m);
	});
});

describe('sitemap files, for a region with many needs', () => {
	const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

	it('with few needs the files exist too: the other pages, and one file of every need', async () => {
		const pages = await app.request('/sitemap/pages.xml');
		expect(pages.status).toBe(200);
		const pagesXml = await pages.text();
		expect(pagesXml).toContain(`<loc>${ORIGIN}/diagnoza/gmina</loc>`);
		expect(pagesXml).not.toContain('/potrzeby/');
		const needs = await (await app.request('/sitemap/needs/0.xml')).text();
		expect(needs).toContain(`<loc>${ORIGIN}/potrzeby/${refs.shown}</loc>`);
		expect(needs).not.toContain(refs.fresh);
		expect((await app.request('/sitemap/needs/1.xml')).status).toBe(404);
		expect((await app.request('/sitemap/needs/x.xml')).status).toBe(404);
	});

	it('is cached by data version: the same ETag answers 304', async () => {
		const first = await app.request('/sitemap.xml');
		const etag = first.headers.get('etag');
		expect(etag).toBeTruthy();
		const again = await app.request('/sitemap.xml', { headers: { 'if-none-match': etag ?? '' } });
		expect(again.status).toBe(304);
	});

	it('past 5,000 public needs sitemap.xml is an index of bounded files that list every need once', async () => {
		await app.db.asOwner((tx) =>
			tx.query(
				`insert into public.needs (region_id, kind, category, title, point, status)
				 select r.id, 'need', 'seniorzy', 'HTTP mapa witryny ' || i,
				   extensions.st_setsrid(extensions.st_makepoint(18.40 + i * 0.000005, 52.26), 4326),
				   'published'
				 from public.regions r, generate_series(1, 5000) i where r.slug = 'kramsk'`
			)
		);
		const index = await app.request('/sitemap.xml');
		expect(index.status).toBe(200);
		const files = locs(await index.text());
		expect(files).toEqual([
			`${ORIGIN}/sitemap/pages.xml`,
			`${ORIGIN}/sitemap/needs/0.xml`,
			`${ORIGIN}/sitemap/needs/1.xml`
		]);
		const listed: string[] = [];
		for (const file of files.slice(1)) {
			const res = await app.request(new URL(file).pathname);
			expect(res.status).toBe(200);
			const urls = locs(await res.text());
			// sitemaps.org: at most 50,000 URLs in a file.
			expect(urls.length).toBeLessThanOrEqual(50_000);
			listed.push(...urls.filter((u) => u.startsWith(`${ORIGIN}/potrzeby/`)));
		}
		expect(listed).toContain(`${ORIGIN}/potrzeby/${refs.shown}`);
		expect(new Set(listed).size).toBe(listed.length);
		expect(listed.length).toBeGreaterThan(5000);
		expect((await app.request('/sitemap/needs/2.xml')).status).toBe(404);
		const text = await (await app.request('/robots.txt')).text();
		expect(text).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
	});

	it('on the embedded database a GeoJSON page holds at most 2,000 needs, continued with next_after', async () => {
		// This harness runs on PGlite, whose queries block the server's main thread.
		const page = await (await app.request('/api/needs.geojson?limit=10000')).json();
		expect(page.features).toHaveLength(2000);
		expect(page.next_after).toBeTruthy();
		const next = await (
			await app.request(`/api/needs.geojson?limit=10000&after=${page.next_after}`)
		).json();
		expect(next.features).toHaveLength(2000);
	});
});

/** A resident's report in Kramsk with a description and a JPEG photo, through the public API. */
async function reportWithPhoto(
	title: string,
	description: string,
	[width, height] = [320, 240]
): Promise<Response> {
	const photo = await sharp({
		create: { width, height, channels: 3, background: '#2563eb' }
	})
		.jpeg()
		.toBuffer();
	const created = await app.request('/api/needs', {
		method: 'POST',
		form: {
			kind: 'need',
			category: 'seniorzy',
			title,
			description,
			lon: '18.4267',
			lat: '52.265',
			idempotency_key: randomUUID(),
			photo: new File([new Uint8Array(photo)], 'foto.jpg', { type: 'image/jpeg' })
		}
	});
	expect(created.status).toBe(201);
	return created;
}

describe("the reporter's own report", () => {
	it('the status link shows the description, place and photo before publication; nobody else gets the photo', async () => {
		const created = await reportWithPhoto(
			'HTTP zdjęcie przed publikacją',
			'Mój opis zgłoszenia.',
			[400, 300]
		);
		const { status_url, ref } = await created.json();
		const view = await (
			await app.request(status_url, { headers: { accept: 'application/json' } })
		).json();
		expect(view).toMatchObject({ ref, description: 'Mój opis zgłoszenia.', public: false });
		expect(Number(view.lat)).toBeCloseTo(52.265, 3);
		expect(view.photo_url).toBeNull();
		expect(view.own_photo_url).toBe(`${new URL(status_url, ORIGIN).pathname}/zdjecie`);

		const own = await app.request(view.own_photo_url);
		expect(own.status).toBe(200);
		expect(own.headers.get('content-type')).toBe('image/jpeg');
		expect(own.headers.get('cache-control')).toBe('private, no-store');
		expect((await sharp(Buffer.from(await own.arrayBuffer())).metadata()).width).toBe(400);

		// The public photo route refuses it, and so does a status link that is not this one.
		const key = await app.db.asOwner(async (tx) => {
			const rows = await tx.query<{ k: string }>(
				'select p.storage_key as k from public.need_photos p join public.needs n on n.id = p.need_id where n.ref = $1',
				[ref]
			);
			return rows[0].k;
		});
		expect((await app.request(`/media/${key}`)).status).toBe(404);
		expect((await app.request(`/zgloszenie/${'x'.repeat(43)}/zdjecie`)).status).toBe(404);
		expect((await app.request(`/potrzeby/${ref}/__data.json`, { headers: HTML })).status).toBe(404);
	});
});

describe('a published need without JavaScript', () => {
	it('shows its description, public note, photo, linked activity and support count', async () => {
		const created = await reportWithPhoto(
			'HTTP strona bez JavaScriptu',
			'Opis widoczny bez skryptów.'
		);
		const { ref } = await created.json();
		// Before publication: no page.
		expect((await app.request(`/potrzeby/${ref}`, { headers: HTML, render: true })).status).toBe(
			404
		);
		const activity = await app.db.asOwner(async (tx) => {
			const [need] = await tx.query<{ id: string }>(
				"update public.needs set status = 'published' where ref = $1 returning id::text as id",
				[ref]
			);
			await tx.query(
				`insert into public.need_events (need_id, status, note, is_public)
				 values ($1, 'published', 'HTTP notatka organizatora', true)`,
				[need.id]
			);
			const [made] = await tx.query<{ id: string }>(
				`insert into public.activities (region_id, title, programme_category, locality_id,
				   published, starts_at)
				 select l.region_id, 'HTTP działanie do potrzeby', 'civic_activation', l.id, true,
				   now() + interval '3 days'
				 from public.localities l where l.slug = 'kramsk' returning id::text as id`
			);
			await tx.query('insert into public.activity_needs (activity_id, need_id) values ($1, $2)', [
				made.id,
				need.id
			]);
			return made.id;
		});
		const res = await app.request(`/potrzeby/${ref}`, { headers: HTML, render: true });
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Opis widoczny bez skryptów.');
		expect(html).toContain('HTTP notatka organizatora');
		expect(html).toContain(`href="/dzialania/${activity}"`);
		expect(html).toContain('data-testid="support-count"');
		expect(html).toMatch(/Poparcie mieszkańców: 0/);
		const src = /<img[^>]*src="(\/media\/[^"]+)"/.exec(html)?.[1];
		expect(src).toBeDefined();
		const image = await app.request(src ?? '');
		expect(image.status).toBe(200);
		expect(image.headers.get('content-type')).toBe('image/jpeg');
	});
});
