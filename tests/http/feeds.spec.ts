import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAtom } from '../atom.ts';
import { openApp, ORIGIN, type App } from './app.ts';

// The Atom feeds, request by request through the hooks and handlers: valid RFC 4287 (checked
// with a real XML parser), public entries only, each linked to its public page, open-data
// caching, and 400s that say why.

let app: App;
beforeAll(async () => {
	app = await openApp();
});
afterAll(async () => {
	await app?.close();
});

const atom = async (path: string) => {
	const res = await app.request(path);
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
	return { res, feed: parseAtom(await res.text()) };
};

/** A village with public needs and one with published activities in the demo data. */
async function demoVillages() {
	return app.db.asOwner(async (tx) => {
		const [need] = await tx.query<{ slug: string }>(
			`select l.slug from public.needs n join public.localities l on l.id = n.locality_id
			 where private.is_public_need(n.status, n.hidden_at) and n.ref is not null
			 group by l.slug order by count(*) desc limit 1`
		);
		// The demo data has no activities: one published and one draft in the needs' village.
		await tx.query(
			`insert into public.activities (region_id, title, programme_category, locality_id,
			   published, starts_at)
			 select l.region_id, t.title, 'civic_activation', l.id, t.published, now() + interval '7 days'
			 from public.localities l,
			   (values ('Zebranie wiejskie & <ognisko>', true), ('Szkic działania', false))
			     as t (title, published)
			 where l.slug = $1 and not exists (select 1 from public.activities a where a.title = t.title)`,
			[need.slug]
		);
		return { need: need.slug, activity: need.slug };
	});
}

describe('/potrzeby.atom', () => {
	it('lists public needs only, newest change first, each linked to its public page', async () => {
		const { feed } = await atom('/potrzeby.atom');
		expect(feed.self).toBe(`${ORIGIN}/potrzeby.atom`);
		expect(feed.entries.length).toBeGreaterThan(0);
		const updated = feed.entries.map((e) => e.updated);
		expect(updated).toEqual([...updated].sort().reverse());
		const refs = feed.entries.map((e) => {
			const match = /^http:\/\/localhost\/potrzeby\/([A-Z]+-\d{4}-\d{4})$/.exec(e.alternate);
			expect(match, e.alternate).not.toBeNull();
			return match?.[1] ?? '';
		});
		// Each link opens the need's public page (its server load answers, no 404 or redirect).
		for (const e of feed.entries) {
			const page = await app.request(`${new URL(e.alternate).pathname}/__data.json`);
			expect(page.status, e.alternate).toBe(200);
		}
		const shown = await app.db.asUser({ role: 'anon' }, (tx) =>
			tx.query<{ ref: string; id: string }>(
				'select ref, id::text from public.needs where ref = any($1::text[])',
				[refs]
			)
		);
		expect(shown.map((n) => n.ref).sort()).toEqual([...refs].sort());
		for (const e of feed.entries) {
			const need = shown.find((n) => e.alternate.endsWith(`/${n.ref}`));
			expect(e.id).toBe(`urn:uuid:${need?.id}`);
		}
		const hidden = await app.db.asOwner((tx) =>
			tx.query<{ ref: string }>(
				`select ref from public.needs
				 where ref is not null and not private.is_public_need(status, hidden_at)`
			)
		);
		expect(hidden.length).toBeGreaterThan(0);
		for (const { ref } of hidden) expect(refs).not.toContain(ref);
	});

	it('narrows to one village with ?wies=, titled with its name', async () => {
		const { need } = await demoVillages();
		const { feed } = await atom(`/potrzeby.atom?wies=${need}`);
		const [row] = await app.db.asOwner((tx) =>
			tx.query<{ name: string; count: number }>(
				`select l.name, (select count(*)::int from public.needs n
				   where n.locality_id = l.id and private.is_public_need(n.status, n.hidden_at)) as count
				 from public.localities l where l.slug = $1`,
				[need]
			)
		);
		expect(feed.title).toContain(row.name);
		expect(feed.entries).toHaveLength(Math.min(row.count, 50));
		expect(feed.self).toBe(`${ORIGIN}/potrzeby.atom?wies=${need}`);
	});

	it('answers 304 to its own ETag, and is open data', async () => {
		const { res } = await atom('/potrzeby.atom');
		const etag = res.headers.get('etag') ?? '';
		expect(etag).toMatch(/^"/);
		expect(res.headers.get('cache-control')).toContain('public');
		expect(res.headers.get('access-control-allow-origin')).toBe('*');
		const again = await app.request('/potrzeby.atom', { headers: { 'if-none-match': etag } });
		expect(again.status).toBe(304);
	});

	it('is in English under /en/, with English links', async () => {
		const { feed } = await atom('/en/potrzeby.atom');
		expect(feed.title).toBe("Residents' needs and ideas");
		for (const e of feed.entries)
			expect(e.alternate).toMatch(/^http:\/\/localhost\/en\/potrzeby\//);
	});

	it('refuses an unknown village or parameter with a 400 that says why', async () => {
		const unknown = await app.request('/potrzeby.atom?wies=nowhere');
		expect(unknown.status).toBe(400);
		expect((await unknown.json()).error).toContain('unknown village');
		const typo = await app.request('/potrzeby.atom?wie=kramsk');
		expect(typo.status).toBe(400);
		expect((await typo.json()).error).toContain('unknown parameter');
	});
});

describe('/dzialania.atom', () => {
	it('lists published activities of a village, each linked to its existing public page', async () => {
		const { activity } = await demoVillages();
		const { feed } = await atom(`/dzialania.atom?wies=${activity}`);
		expect(feed.entries.length).toBeGreaterThan(0);
		for (const e of feed.entries) {
			const match = /^http:\/\/localhost\/dzialania\/([0-9a-f-]{36})$/.exec(e.alternate);
			expect(match, e.alternate).not.toBeNull();
			expect(e.id).toBe(`urn:uuid:${match?.[1]}`);
			// The activity's public page answers (its server load; 404 for an unpublished one).
			const page = await app.request(`${new URL(e.alternate).pathname}/__data.json`);
			expect(page.status, e.alternate).toBe(200);
		}
		const drafts = await app.db.asOwner((tx) =>
			tx.query<{ id: string }>('select id::text from public.activities where not published')
		);
		for (const { id } of drafts) {
			expect(feed.entries.map((e) => e.id)).not.toContain(`urn:uuid:${id}`);
		}
	});

	it('without a village lists the whole gmina and links back to /dzialania', async () => {
		const res = await app.request('/dzialania.atom');
		expect(res.status).toBe(200);
		const text = await res.text();
		parseAtom(text);
		expect(text).toContain(`<link rel="alternate" type="text/html" href="${ORIGIN}/dzialania"/>`);
	});
});
