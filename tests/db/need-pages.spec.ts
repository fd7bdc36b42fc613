import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState } from './backends.ts';
import { hex } from './guard-helpers.ts';
import { arrangedAs } from './owner-scenario.ts';

// The public need page, the merge redirect, the sitemap and the reporter's own view, in SQL:
// what anon may read (public needs, their public notes, visible photos, published activities)
// and what it may not (unpublished or hidden needs, internal notes, hidden photos). Every
// scenario is rolled back.

const POINT = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const NEAR = 'extensions.st_setsrid(extensions.st_makepoint(18.4290, 52.2660), 4326)';
const TOKEN = hex('need-page-status-token');
const { anon, resident, organizer } = claims;

async function arrange(tx: OwnerTx) {
	const [{ id: region }] = await tx.query<{ id: string }>(
		"select id::text as id from public.regions where slug = 'kramsk'"
	);
	const need = async (title: string, status: string, point = POINT) =>
		(
			await tx.query<{ id: string; ref: string }>(
				`insert into public.needs (region_id, kind, category, title, description, point, status)
				 values ($1, 'need', 'seniorzy', $2, 'Pełny opis: ' || $2, ${point}, $3)
				 returning id::text as id, ref`,
				[region, title, status]
			)
		)[0];
	const fx = {
		shown: await need('NP ławka przy sklepie', 'published'),
		neighbour: await need('NP oświetlenie przejścia', 'in_analysis', NEAR),
		fresh: await need('NP nowe zgłoszenie', 'new'),
		hidden: await need('NP ukryte zgłoszenie', 'published'),
		rejected: await need('NP odrzucone', 'rejected'),
		merged: await need('NP duplikat ławki', 'published', NEAR)
	};
	await tx.query('update public.needs set hidden_at = now() where id = $1', [fx.hidden.id]);
	await tx.query("update public.needs set status = 'merged', merged_into = $2 where id = $1", [
		fx.merged.id,
		fx.shown.id
	]);
	await tx.query(
		`insert into public.need_events (need_id, status, note, is_public) values
		 ($1, 'published', 'NOTATKA publiczna: zajmiemy się tym', true),
		 ($1, 'published', 'NOTATKA wewnętrzna: nie pokazywać', false)`,
		[fx.shown.id]
	);
	for (const [need, key, hidden] of [
		[fx.shown.id, 'needs/2026/np-shown.jpg', false],
		[fx.neighbour.id, 'needs/2026/np-neighbour.jpg', true],
		[fx.fresh.id, 'needs/2026/np-fresh.jpg', false]
	] as const)
		await tx.query(
			`insert into public.need_photos (need_id, storage_key, width, height, bytes, hidden)
			 values ($1, $2, 800, 600, 1000, $3)`,
			[need, key, hidden]
		);
	const activity = async (title: string, published: boolean) => {
		const [{ id }] = await tx.query<{ id: string }>(
			`insert into public.activities (region_id, title, programme_category, published, starts_at)
			 values ($1, $2, 'community_animation', $3, now()) returning id::text as id`,
			[region, title, published]
		);
		await tx.query('insert into public.activity_needs (activity_id, need_id) values ($1, $2)', [
			id,
			fx.shown.id
		]);
		return id;
	};
	await activity('NP spotkanie w świetlicy', true);
	await activity('NP szkic działania', false);
	await tx.query('insert into private.need_status_tokens (token_hash, need_id) values ($1, $2)', [
		TOKEN,
		fx.fresh.id
	]);
	return fx;
}
type Fx = Awaited<ReturnType<typeof arrange>>;

interface Page {
	ref: string;
	title: string;
	description: string;
	locality: { name: string; slug: string } | null;
	photo: { storage_key: string } | null;
	timeline: { status: string; note: string | null }[];
	activities: { title: string }[];
	nearby: { ref: string; distance_m: number }[];
	map: { width: number; height: number; outline: string; point: [number, number] } | null;
}

describe.each(backends)('need pages on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	/** Fixtures as the owner, then `act` as `who`; everything is rolled back. */
	const scenario = <T>(who: Claims, act: (tx: Tx, fx: Fx) => Promise<T>) =>
		arrangedAs(db, arrange, who, act);
	const page = async (tx: Tx, ref: string) =>
		(
			await tx.query<{ v: Page | null }>("select public.need_page('kramsk', $1) as v", [
				ref.toLowerCase()
			])
		)[0].v;

	it('anon reads a public need with its description, public note, photo, published activity, nearby needs and map', async () => {
		const shown = await scenario(anon, async (tx, fx) => ({
			fx,
			view: await page(tx, fx.shown.ref)
		}));
		const view = shown.view;
		expect(view?.ref).toBe(shown.fx.shown.ref);
		expect(view?.description).toBe('Pełny opis: NP ławka przy sklepie');
		expect(view?.locality?.slug).toBeTruthy();
		expect(view?.photo?.storage_key).toBe('needs/2026/np-shown.jpg');
		const notes = view?.timeline.map((e) => e.note);
		expect(notes).toContain('NOTATKA publiczna: zajmiemy się tym');
		expect(notes).not.toContain('NOTATKA wewnętrzna: nie pokazywać');
		expect(view?.activities.map((a) => a.title)).toEqual(['NP spotkanie w świetlicy']);
		const nearby = view?.nearby.map((n) => n.ref) ?? [];
		expect(nearby).toContain(shown.fx.neighbour.ref);
		for (const hidden of [shown.fx.fresh, shown.fx.hidden, shown.fx.merged, shown.fx.rejected])
			expect(nearby).not.toContain(hidden.ref);
		expect(view?.map?.outline).toMatch(/^M /);
		expect(view?.map?.point[0]).toBeGreaterThanOrEqual(0);
		expect(view?.map?.point[0]).toBeLessThanOrEqual(view?.map?.width ?? 0);
	});

	it('lists the five public needs nearest on the ground within 3 km, nearest first', async () => {
		const { view, expected } = await scenario(anon, async (tx, fx) => ({
			view: await page(tx, fx.shown.ref),
			// Every public need's true distance, counted without the page's index shortcut.
			expected: await tx.query<{ ref: string; distance_m: number }>(
				`select o.ref, round(extensions.st_distance(o.point::extensions.geography,
				   n.point::extensions.geography))::integer as distance_m
				 from public.needs o, public.needs n
				 where n.id = $1 and o.id <> n.id and o.region_id = n.region_id
				   and o.status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
				   and o.hidden_at is null
				   and extensions.st_distance(o.point::extensions.geography, n.point::extensions.geography) <= 3000
				 order by 2, 1 limit 5`,
				[fx.shown.id]
			)
		}));
		expect(expected.length).toBeGreaterThan(0);
		expect(view?.nearby.map((n) => [n.ref, n.distance_m])).toEqual(
			expected.map((n) => [n.ref, n.distance_m])
		);
	});

	it('staff, whose policies show internal notes and hidden photos, get the same public page', async () => {
		const view = await scenario(organizer, (tx, fx) => page(tx, fx.shown.ref));
		const notes = view?.timeline.map((e) => e.note);
		expect(notes).toContain('NOTATKA publiczna: zajmiemy się tym');
		expect(notes).not.toContain('NOTATKA wewnętrzna: nie pokazywać');
		expect(view?.activities.map((a) => a.title)).toEqual(['NP spotkanie w świetlicy']);
		const neighbour = await scenario(organizer, (tx, fx) => page(tx, fx.neighbour.ref));
		expect(neighbour?.photo).toBeNull();
	});

	it('a hidden photo is left out of a public need page', async () => {
		const view = await scenario(anon, (tx, fx) => page(tx, fx.neighbour.ref));
		expect(view?.title).toBe('NP oświetlenie przejścia');
		expect(view?.photo).toBeNull();
	});

	it('unpublished, hidden, rejected and merged needs have no page, for anon and for staff', async () => {
		for (const who of [anon, resident, organizer]) {
			const views = await scenario(who, async (tx, fx) =>
				Promise.all([fx.fresh, fx.hidden, fx.rejected, fx.merged].map((n) => page(tx, n.ref)))
			);
			expect(views).toEqual([null, null, null, null]);
		}
	});

	it('anon cannot read internal notes or events of unpublished needs from the table either', async () => {
		const rows = await scenario(anon, (tx, fx) =>
			tx.query<{ note: string | null; is_public: boolean }>(
				'select note, is_public from public.need_events where need_id = any($1::uuid[])',
				[[fx.shown.id, fx.fresh.id]]
			)
		);
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((r) => r.is_public)).toBe(true);
		expect(rows.map((r) => r.note)).not.toContain('NOTATKA wewnętrzna: nie pokazywać');
		// Still no write access to the table.
		expect(
			await sqlState(
				scenario(anon, (tx, fx) =>
					tx.query("insert into public.need_events (need_id, status) values ($1, 'done')", [
						fx.shown.id
					])
				)
			)
		).toBe('42501');
	});

	it('a merged need leads to the public need it was merged into; other references lead nowhere', async () => {
		const refs = await scenario(anon, async (tx, fx) => {
			const target = async (ref: string) =>
				(
					await tx.query<{ v: string | null }>(
						"select private.merged_need_ref('kramsk', $1) as v",
						[ref]
					)
				)[0].v;
			return {
				expected: fx.shown.ref,
				merged: await target(fx.merged.ref.toLowerCase()),
				published: await target(fx.shown.ref),
				fresh: await target(fx.fresh.ref),
				unknown: await target('KR-1999-0001')
			};
		});
		expect(refs.merged).toBe(refs.expected);
		expect([refs.published, refs.fresh, refs.unknown]).toEqual([null, null, null]);
	});

	it('the sitemap lists public needs and published activities only', async () => {
		const result = await scenario(anon, async (tx, fx) => ({
			fx,
			map: (
				await tx.query<{
					v: { needs_count: number; activities: { id: string }[]; villages: string[] };
				}>("select public.sitemap_entries('kramsk') as v")
			)[0].v,
			needs: (
				await tx.query<{ v: { ref: string }[] }>("select public.sitemap_needs('kramsk', 0, 0) as v")
			)[0].v,
			// The public needs as RLS shows them to anon: what the count must match.
			visible: (
				await tx.query<{ n: number }>(
					`select count(*)::int as n from public.needs n join public.regions r on r.id = n.region_id
					 where r.slug = 'kramsk'`
				)
			)[0].n
		}));
		const refs = result.needs.map((n) => n.ref);
		expect(refs).toContain(result.fx.shown.ref);
		for (const hidden of [result.fx.fresh, result.fx.hidden, result.fx.rejected, result.fx.merged])
			expect(refs).not.toContain(hidden.ref);
		expect(result.map.needs_count).toBe(result.visible);
		expect(refs).toHaveLength(result.visible);
		expect(result.map.villages.length).toBeGreaterThan(10);
	});

	it('the sitemap files of needs split them by id without gaps or overlaps', async () => {
		const files = await scenario(anon, async (tx) => {
			const page = async (bits: number, index: number) =>
				(
					await tx.query<{ v: { ref: string }[] }>(
						"select public.sitemap_needs('kramsk', $1, $2) as v",
						[bits, index]
					)
				)[0].v.map((n) => n.ref);
			return {
				all: await page(0, 0),
				halves: [await page(1, 0), await page(1, 1)],
				quarters: [await page(2, 0), await page(2, 1), await page(2, 2), await page(2, 3)],
				outside: await sqlState(tx.query("select public.sitemap_needs('kramsk', 2, 4)"))
			};
		});
		const sorted = (refs: string[]) => [...refs].sort();
		expect(files.all.length).toBeGreaterThan(0);
		expect(sorted(files.halves.flat())).toEqual(sorted(files.all));
		expect(sorted(files.quarters.flat())).toEqual(sorted(files.all));
		expect(files.outside).toBe('22023');
	});

	it('the reporter sees their own description, place and photo before publication, through the token only', async () => {
		const view = await scenario(anon, async (tx) => {
			const rows = await tx.query<{
				v: {
					description: string;
					public: boolean;
					lon: number;
					own_photo_key: string | null;
					photo_key: string | null;
				};
			}>('select private.need_status($1) as v', [TOKEN]);
			return rows[0].v;
		});
		expect(view.description).toBe('Pełny opis: NP nowe zgłoszenie');
		expect(view.public).toBe(false);
		expect(Number(view.lon)).toBeCloseTo(18.4267, 4);
		expect(view.own_photo_key).toBe('needs/2026/np-fresh.jpg');
		// The public photo route still refuses it (RLS on need_photos).
		expect(view.photo_key).toBeNull();
		const visible = await scenario(anon, (tx) =>
			tx.query<{ v: boolean }>("select public.photo_visible('needs/2026/np-fresh.jpg') as v")
		);
		expect(visible[0].v).toBe(false);
		const wrong = await scenario(anon, (tx) =>
			tx.query<{ v: unknown }>('select private.need_status($1) as v', [hex('another token')])
		);
		expect(wrong[0].v).toBeNull();
	});
});
