import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/lib/diagnosis/types.ts';
import { CLASS } from '../../src/lib/presentation/metrics.ts';
import type { PresentationData } from '../../src/lib/presentation/types.ts';
import { suppressCount } from '../../src/lib/suppress.ts';
import { openApp, type App } from './app.ts';

// The figures an anonymous visitor reads, with the demo data: every figure that counts items
// public one by one (public needs with their supports, published resources, public answers) is
// exact — a "<3" would hide nothing the map does not show. Items that are not public are
// never counted in a public figure, and a small figure from non-public data stays "<3".

const HTML = { accept: 'text/html' };
const CODE = 'FQRT7W';

let app: App;
beforeAll(async () => {
	app = await openApp();
	await app.db.asOwner(async (tx) => {
		// Wysokie's one village hall (the demo data has no resource there).
		await tx.query(
			`insert into public.resources (region_id, category, name, point, status)
			 select l.region_id, 'swietlica', 'Świetlica wiejska w Wysokiem', l.point, 'published'
			 from public.localities l where l.slug = 'wysokie'`
		);
		const [c] = await tx.query<{ id: string }>(
			`insert into public.consultations (region_id, code, question, starts_at, ends_at, hold)
			 select r.id, $1, 'Gdzie brakuje oświetlenia?', now() - interval '1 minute',
			   now() + interval '2 hours', true
			 from public.regions r where r.slug = 'kramsk' returning id::text as id`,
			[CODE]
		);
		// One answer on the projector, one held for the organizer (not public).
		for (const [title, status] of [
			['Latarnia przy szkole', 'published'],
			['Ciemna droga do kościoła', 'new']
		])
			await tx.query(
				`insert into public.needs (region_id, kind, category, title, point, status, consultation_id)
				 select r.id, 'need', 'seniorzy', $1,
				   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326), $2, $3
				 from public.regions r where r.slug = 'kramsk'`,
				[title, status, c.id]
			);
	});
});
afterAll(async () => {
	await app?.close();
});

/** Public needs and published resources of a village, counted by the database owner. */
const publicCounts = (slug: string) =>
	app.db.asOwner(async (tx) => {
		const [row] = await tx.query<{ needs: number; resources: number; hidden: number }>(
			`select
			   (select count(*)::int from public.needs n where n.locality_id = l.id
			     and private.is_public_need(n.status, n.hidden_at)) as needs,
			   (select count(*)::int from public.needs n where n.locality_id = l.id
			     and not private.is_public_need(n.status, n.hidden_at)) as hidden,
			   (select count(*)::int from public.resources x where x.locality_id = l.id
			     and x.status = 'published') as resources
			 from public.localities l where l.slug = $1`,
			[slug]
		);
		return row;
	});

describe('exact figures of public items for an anonymous visitor', () => {
	it('/diagnoza/wysokie: its one village hall is "1", not "<3", on the page and in its data', async () => {
		const counts = await publicCounts('wysokie');
		// A small count: the kind that used to read "<3".
		expect(counts.resources).toBeGreaterThan(0);
		expect(counts.resources).toBeLessThan(3);

		const res = await app.request('/diagnoza/wysokie/__data.json');
		expect(res.status).toBe(200);
		const { doc } = (await res.json()) as { doc: Diagnosis };
		expect(doc.totals.resources).toBe(counts.resources);
		expect(doc.totals.needs).toBe(counts.needs);
		expect(JSON.stringify(doc)).not.toContain('<3');

		const page = await app.request('/diagnoza/wysokie', { headers: HTML, render: true });
		expect(page.status).toBe(200);
		const html = await page.text();
		const dom = new JSDOM(html).window.document;
		const figures = Object.fromEntries(
			[...dom.querySelectorAll('dl.figures div')].map((d) => [
				d.querySelector('dt')?.textContent?.trim(),
				d.querySelector('dd')?.textContent?.trim()
			])
		);
		expect(figures['Zasoby']).toBe(String(counts.resources));
		expect(figures['Potrzeby i pomysły']).toBe(String(counts.needs));
		expect(html).not.toContain('&lt;3');
		// The rule behind "Największa luka" is stated on the page, and the gap it names is the
		// category the rest of the gmina reaches best among those Wysokie is not reached by at all.
		expect(dom.body.textContent).toContain('Jak wybieramy największą lukę');
		const unreached = doc.coverage.by_category.filter((c) => c.share === 0);
		expect(unreached.length).toBeGreaterThan(3);
		const best = Math.max(...unreached.map((c) => c.gmina_share ?? 0));
		const named = [...dom.querySelectorAll('.summary li')]
			.map((li) => li.textContent ?? '')
			.find((t) => t.startsWith('Największa luka'));
		const gap = unreached.find((c) => named?.includes(`: ${c.label_pl} — `));
		expect(gap?.gmina_resources).toBeGreaterThan(0);
		expect(gap?.gmina_share).toBe(best);
		expect(named).toContain(`wobec ${Math.round(best * 1000) / 10}% w całej gminie`);
	});

	it('/api/prezentacja and /prezentacja: exact counts of public needs, no "<3" class', async () => {
		const res = await app.request('/api/prezentacja');
		expect(res.status).toBe(200);
		const data = (await res.json()) as PresentationData;
		expect(data.exact).toBe(true);
		const byNeeds = new Map<string, number>();
		for (const v of data.villages) {
			expect(v.metrics.potrzeby.suppressed).toBe(false);
			expect(v.metrics.wsparcia.suppressed).toBe(false);
			expect(Object.values(v.classes)).not.toContain(CLASS.suppressed);
			byNeeds.set(v.slug, Number(v.needs));
		}
		// Villages with 1 or 2 public needs exist in the demo data and read as such.
		const small = [...byNeeds].filter(([, n]) => n > 0 && n < 3);
		expect(small.length).toBeGreaterThan(0);
		for (const [slug, n] of small.slice(0, 3)) expect(n).toBe((await publicCounts(slug)).needs);
		// The default measure colours a small village by its rate, not as "<3".
		const [slug] = small[0];
		const village = data.villages.find((v) => v.slug === slug);
		expect(village?.metrics.potrzeby.value).toBeGreaterThan(0);
		expect(village?.classes.potrzeby).toBeGreaterThanOrEqual(CLASS.range);
		expect(JSON.stringify(data)).not.toContain('<3');

		const page = await app.request('/prezentacja/__data.json');
		expect(page.status).toBe(200);
		const { presentation } = (await page.json()) as { presentation: PresentationData };
		expect(presentation.exact).toBe(true);
		expect(presentation.villages.find((v) => v.slug === slug)?.needs).toBe(
			String(byNeeds.get(slug))
		);
	});

	it('the consultation counter reads "Odpowiedzi: 1" beside its one public answer', async () => {
		const page = await app.request(`/konsultacje/${CODE}`, { headers: HTML, render: true });
		expect(page.status).toBe(200);
		const dom = new JSDOM(await page.text()).window.document;
		expect(dom.querySelector('.projector-count')?.textContent?.trim()).toBe('Odpowiedzi: 1');
		const answers = [...dom.querySelectorAll('.answer-title')].map((a) => a.textContent?.trim());
		// The held answer is not public: neither listed nor counted.
		expect(answers).toEqual(['Latarnia przy szkole']);
	});
});

describe('figures from non-public data', () => {
	it('are never part of a public figure, and a small one stays "<3" for the public', async () => {
		// Wysokie or not: a village with needs the public cannot see has them left out.
		const hiddenVillage = await app.db.asOwner(async (tx) => {
			const [row] = await tx.query<{ slug: string }>(
				`select l.slug from public.localities l join public.needs n on n.locality_id = l.id
				 where not private.is_public_need(n.status, n.hidden_at)
				 group by l.slug order by l.slug limit 1`
			);
			return row?.slug;
		});
		expect(hiddenVillage).toBeTruthy();
		const counts = await publicCounts(hiddenVillage);
		expect(counts.hidden).toBeGreaterThan(0);
		const { doc } = (await (
			await app.request(`/diagnoza/${hiddenVillage}/__data.json`)
		).json()) as { doc: Diagnosis };
		expect(doc.totals.needs).toBe(counts.needs);
		// The count of those non-public needs is a figure from non-public data: were it shown to
		// the public, 1–2 would read "<3"; staff read it exactly.
		expect(suppressCount(Math.min(counts.hidden, 2), false, 'restricted')).toBe('<3');
		expect(suppressCount(Math.min(counts.hidden, 2), true, 'restricted')).toBe(
			String(Math.min(counts.hidden, 2))
		);
	});
});
