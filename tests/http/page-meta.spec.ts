import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedToken, unsubscribeToken } from '../../src/lib/server/mail/tokens.ts';
import { readSecret } from '../db/guard-helpers.ts';
import { ORIGIN, openApp, type App } from './app.ts';

// The head of every public page, rendered on the server as a browser without JavaScript (and a
// link-preview crawler) gets it: one description, one og:title, og:description, og:image and
// twitter:card each, never two; one canonical link to the page's own address, except on pages
// search engines must leave out (secret links, forms, errors), which say noindex instead.

/** The public pages of the browser sweeps (tests/e2e/pages.ts), read as text: one list. */
const PUBLIC_PAGES = (() => {
	const source = readFileSync(new URL('../e2e/pages.ts', import.meta.url), 'utf8');
	const block = /export const PUBLIC_PAGES[^=]*=\s*\[([\s\S]*?)\n\];/.exec(source)?.[1] ?? '';
	return [...block.matchAll(/\{\s*path:\s*'([^']+)'(?:,\s*status:\s*(\d+))?\s*\}/g)].map(
		([, path, status]) => ({ path, status: Number(status ?? 200) })
	);
})();

/** Left out of search engines: robots noindex and no canonical link. */
const NOINDEX = [
	/^\/zgloszenie\//,
	/^\/obserwuj\//,
	/^\/wypisz\//,
	/^\/potrzeby\/[^/]+\/(komentarz|obserwuj)$/,
	/^\/wyloguj$/,
	// The forgotten-password form: nothing to find, and its links are secrets.
	/^\/logowanie\/haslo/,
	/^\/nie-ma-takiej-strony$/
];

let app: App;
const fixtures: Record<string, string> = {};

beforeAll(async () => {
	app = await openApp({ staff: ['council'] });
	const secret = await readSecret(app.db);
	const created = await app.request('/api/needs', {
		method: 'POST',
		json: {
			kind: 'idea',
			category: 'seniorzy',
			title: 'Wieczorki z grami planszowymi',
			description: 'Raz w miesiącu w świetlicy.',
			lon: 18.4267,
			lat: 52.265,
			idempotency_key: randomUUID()
		}
	});
	expect(created.status).toBe(201);
	const { status_url } = (await created.json()) as { status_url: string };
	Object.assign(
		fixtures,
		await app.db.asOwner(async (tx) => {
			const [need] = await tx.query<{ id: string; ref: string }>(
				`select id::text as id, ref from public.needs
				 where private.is_public_need(status, hidden_at) and ref is not null
				 order by created_at desc limit 1`
			);
			const [activity] = await tx.query<{ id: string }>(
				`insert into public.activities (region_id, title, programme_category, locality_id,
				   published, starts_at)
				 select l.region_id, 'Wieczór gier planszowych', 'civic_activation', l.id, true,
				   now() + interval '7 days'
				 from public.localities l where l.slug = 'kramsk' returning id::text as id`
			);
			const [consultation] = await tx.query<{ code: string }>(
				`insert into public.consultations (region_id, code, question, starts_at, ends_at)
				 select r.id, 'KMPQRS', 'Gdzie brakuje ławek?', now() - interval '1 minute',
				   now() + interval '2 hours'
				 from public.regions r where r.slug = 'kramsk' returning code`
			);
			// This year's published plan for Kramsk, with a published report.
			const [plan] = await tx.query<{ id: string; year: string }>(
				`insert into public.plans (region_id, year, scope, body, status, published_at)
				 select r.id, extract(year from now() at time zone 'Europe/Warsaw'), 'kramsk',
				   'Plan pracy w Kramsku.', 'published', now()
				 from public.regions r where r.slug = 'kramsk' returning id::text as id, year::text as year`
			);
			await tx.query(
				`insert into public.plan_reports (plan_id, body, status, published_at)
				 values ($1, 'Rok pracy w Kramsku.', 'published', now())`,
				[plan.id]
			);
			return {
				planYear: plan.year,
				needRef: need.ref,
				activity: activity.id,
				consultation: consultation.code,
				follow: signedToken(secret, 'follow-confirm', randomUUID()),
				unsubscribe: unsubscribeToken(secret, need.id)
			};
		})
	);
	fixtures.token = new URL(status_url, ORIGIN).pathname.split('/').pop() ?? '';
});
afterAll(async () => {
	await app?.close();
});

const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, key: string) => fixtures[key]);
const localized = (path: string, locale: 'pl' | 'en') =>
	locale === 'pl'
		? path
		: path === '/' || path.startsWith('/?')
			? `/en${path.slice(1)}`
			: `/en${path}`;

async function head(path: string, status: number): Promise<Document> {
	const res = await app.request(path, { render: true, headers: { accept: 'text/html' } });
	expect(res.status, path).toBe(status);
	return new JSDOM(await res.text()).window.document;
}

const count = (doc: Document, selector: string) => doc.head.querySelectorAll(selector).length;
const content = (doc: Document, selector: string) =>
	doc.head.querySelector(selector)?.getAttribute('content') ?? '';

describe.each(['pl', 'en'] as const)('the head of every public page (%s)', (locale) => {
	it.each(PUBLIC_PAGES)('$path', async ({ path, status }) => {
		expect(PUBLIC_PAGES.length).toBeGreaterThan(15);
		const url = localized(fill(path), locale);
		const doc = await head(url, status);
		for (const selector of [
			'title',
			'meta[name="description"]',
			'meta[property="og:title"]',
			'meta[property="og:description"]',
			'meta[property="og:image"]',
			'meta[name="twitter:card"]'
		])
			expect(count(doc, selector), `${url}: ${selector}`).toBe(1);
		expect(content(doc, 'meta[name="description"]').length, url).toBeGreaterThan(20);
		expect(content(doc, 'meta[property="og:title"]'), url).not.toBe('');
		expect(content(doc, 'meta[property="og:image"]'), url).toMatch(/^http:\/\/localhost\/.+\.png/);
		expect(content(doc, 'meta[name="twitter:card"]'), url).toBe('summary_large_image');

		const noindex = NOINDEX.some((pattern) => pattern.test(path.split('?')[0]));
		if (noindex) {
			expect(count(doc, 'link[rel="canonical"]'), url).toBe(0);
			expect(count(doc, 'meta[property="og:url"]'), url).toBe(0);
			expect(count(doc, 'meta[name="robots"]'), url).toBe(1);
			expect(content(doc, 'meta[name="robots"]'), url).toBe('noindex');
		} else {
			const own = new URL(url, ORIGIN);
			expect(count(doc, 'link[rel="canonical"]'), url).toBe(1);
			expect(doc.head.querySelector('link[rel="canonical"]')?.getAttribute('href'), url).toBe(
				`${ORIGIN}${own.pathname}`
			);
			expect(count(doc, 'meta[property="og:url"]'), url).toBe(1);
			expect(count(doc, 'meta[name="robots"]'), url).toBe(0);
		}
	});
});

describe('a page without tags of its own', () => {
	it('gets the app’s description and image from the layout, keeping its own title', async () => {
		// The panel's pages have none: signed in as a council member, /panel shows the default.
		const council = await app.signedIn('council');
		const res = await council.request('/panel', { render: true, headers: { accept: 'text/html' } });
		expect(res.status).toBe(200);
		const doc = new JSDOM(await res.text()).window.document;
		expect(count(doc, 'title')).toBe(1);
		expect(doc.title).not.toBe('Mapa Zasobów i Potrzeb');
		expect(content(doc, 'meta[property="og:title"]')).toBe('Mapa Zasobów i Potrzeb');
		expect(content(doc, 'meta[name="description"]')).toMatch(/^Mapa zasobów i potrzeb gminy/);
		expect(content(doc, 'meta[property="og:image"]')).toBe(`${ORIGIN}/og-domyslny.png`);
		for (const selector of ['link[rel="canonical"]', 'meta[name="twitter:card"]'])
			expect(count(doc, selector), selector).toBe(1);
	});
});
