import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { value } from '../../src/lib/server/db/value.ts';
import { backends, claims, sqlState, tryAs } from './backends.ts';
import { arrangedAs } from './owner-scenario.ts';
import { arrangeAlfaBeta, P } from './synthetic-region.ts';

// Planning by village, tested with known answers: a synthetic region laid out
// in EPSG:2180 metres, so every distance, share and cluster below can be worked out by hand.
//
//   y=10000 +---------------------+---------------------+
//           |  alfa (x 0..5000)   |  beta (x 5000..10000)|
//           |  addresses at y=5000: x=1000,2000,3000,4000 | beta: x=6000, 9000
//           |  R1 świetlica (1000,5500) pub, cap 50, step-free yes
//           |  R4 świetlica (4000,5000) archived      R3 OSP (6000,6000) pub, cap 100, partly
//           |  R5 KGW (2000,2000) draft               R2 świetlica (9000,5500) draft, cap 20, no
//           |  needs N1 (1500,5000) N2 (1600,5100) N3 (1550,4900) public; N4 (1500,5250) new;
//           |  N6 (3000,3000) rejected                N5 (8000,2000) public
//   y=0     +---------------------+---------------------+
//          x=0                  5000                 10000
// Sołectwa: "s-ab" = alfa + beta, "s-a" = alfa, "s-pusty" = no members known.

const REGION = 'planowanie-test';

const { anon, resident, organizer, council } = claims;

async function arrange(tx: OwnerTx) {
	const { region, alfa, beta, one } = await arrangeAlfaBeta(tx, REGION, 'PT');
	const solectwo = (slug: string) =>
		one(
			`insert into public.solectwa (region_id, name, slug) values ($1, upper($2), $2) returning id::text as id`,
			[region, slug]
		);
	const sAb = await solectwo('s-ab');
	const sA = await solectwo('s-a');
	await solectwo('s-pusty');
	await tx.query(
		'insert into public.solectwo_localities (solectwo_id, locality_id) values ($1, $3), ($1, $4), ($2, $3)',
		[sAb, sA, alfa, beta]
	);

	const resource = (
		name: string,
		category: string,
		x: number,
		y: number,
		status: string,
		capacity: number | null,
		stepFree: string | null
	) =>
		one(
			`insert into public.resources (region_id, category, name, point, status, capacity, step_free)
			 values ($1, $2, $3, ${P('$4::integer', '$5::integer')}, $6, $7, $8) returning id::text as id`,
			[region, category, name, x, y, status, capacity, stepFree]
		);
	const r1 = await resource('R1 świetlica', 'swietlica', 1000, 5500, 'published', 50, 'yes');
	const r2 = await resource('R2 świetlica', 'swietlica', 9000, 5500, 'draft', 20, 'no');
	const r3 = await resource('R3 OSP', 'osp', 6000, 6000, 'published', 100, 'partly');
	const r4 = await resource('R4 świetlica', 'swietlica', 4000, 5000, 'archived', 80, 'yes');
	const r5 = await resource('R5 KGW', 'kgw', 2000, 2000, 'draft', null, null);

	const need = (
		title: string,
		category: string,
		kind: string,
		x: number,
		y: number,
		status: string,
		supports: number,
		createdAt: string
	) =>
		one(
			`insert into public.needs (region_id, kind, category, title, point, status, support_count, created_at)
			 values ($1, $2, $3, $4, ${P('$5::integer', '$6::integer')}, $7, $8, $9) returning id::text as id`,
			[region, kind, category, title, x, y, status, supports, createdAt]
		);
	const n1 = await need(
		'Potrzeba N1',
		'seniorzy',
		'need',
		1500,
		5000,
		'published',
		5,
		'2026-01-01'
	);
	const n2 = await need(
		'Potrzeba N2',
		'seniorzy',
		'idea',
		1600,
		5100,
		'in_analysis',
		2,
		'2026-01-02'
	);
	const n3 = await need('Potrzeba N3', 'kultura', 'need', 1550, 4900, 'published', 1, '2026-01-03');
	const n4 = await need('Potrzeba N4', 'seniorzy', 'need', 1500, 5250, 'new', 0, '2026-01-04');
	const n5 = await need(
		'Potrzeba N5',
		'sport-i-rekreacja',
		'need',
		8000,
		2000,
		'published',
		3,
		'2026-01-05'
	);
	const n6 = await need('Potrzeba N6', 'kultura', 'need', 3000, 3000, 'rejected', 9, '2026-01-06');

	const activity = (title: string, loc: string, status: string, published: boolean) =>
		one(
			`insert into public.activities (region_id, title, programme_category, locality_id, status, published)
			 values ($1, $2, 'community_animation', $3, $4, $5) returning id::text as id`,
			[region, title, loc, status, published]
		);
	await activity('A1 planowane w alfie', alfa, 'planned', true);
	const a2 = await activity('A2 w becie, także dla alfy', beta, 'held', true);
	const a3 = await activity('A3 potwierdzone, robocze', alfa, 'confirmed', false);
	await activity('A4 odwołane', alfa, 'cancelled', true);
	// A3 also lists its own village: it must still count once.
	await tx.query(
		'insert into public.activity_localities (activity_id, locality_id) values ($1, $3), ($2, $3)',
		[a2, a3, alfa]
	);
	return { r1, r2, r3, r4, r5, n1, n2, n3, n4, n5, n6 };
}
type Fx = Awaited<ReturnType<typeof arrange>>;

/** Fixtures as the owner, then `act` as `who` (RLS applies), all rolled back. */
const scenario = <T>(db: Database, who: Claims, act: (tx: Tx, fx: Fx) => Promise<T>) =>
	arrangedAs(db, arrange, who, act);

interface CoverageRow {
	village: string;
	slug: string;
	address_points: number;
	covered: number;
	share: number | null;
	gap_rank: number;
}
interface Venue {
	id: string;
	distance_m: number;
}
interface Hotspot {
	cluster: number;
	count: number;
	supports: number;
	dominant_category: string;
	dominant_count: number;
	radius_m: number;
	grid_m: number | null;
	need_ids: string[] | null;
	lon: number;
	lat: number;
}

const coverage = (tx: Tx, max: number, category = 'swietlica') =>
	value<CoverageRow[]>(tx, 'select public.coverage($1, $2, $3) as v', [REGION, category, max]);
const areaCoverage = (tx: Tx, v: string | null, s: string | null, max: number) =>
	value<{ address_points: number; covered: number; share: number | null }>(
		tx,
		"select public.area_coverage($1, $2, $3, 'swietlica', $4) as v",
		[REGION, v, s, max]
	);
const resourcesNear = (tx: Tx, v: string | null, s: string | null, radius: number) =>
	value<{
		inside: { id: string; distance_m: number }[];
		nearby: { id: string; distance_m: number }[];
	}>(tx, 'select public.planning_resources($1, $2, $3, $4) as v', [REGION, v, s, radius]);
const venues = (
	tx: Tx,
	needs: string[],
	minCapacity: number | null,
	stepFree: boolean,
	limit = 10
) =>
	value<{ needs: number; centroid: [number, number] | null; venues: Venue[] }>(
		tx,
		'select public.suggest_venues($1, $2::uuid[], $3, $4, $5) as v',
		[REGION, needs, minCapacity, stepFree, limit]
	);
const hotspots = (tx: Tx, v: string | null, eps: number, min: number) =>
	value<Hotspot[]>(tx, 'select public.need_hotspots($1, $2, null, 120, $3, $4) as v', [
		REGION,
		v,
		eps,
		min
	]);
const summary = (tx: Tx, village: string) =>
	value<{
		village: { name: string; solectwa: string[]; address_points: number };
		needs: { total: number; by_category: Record<string, number> };
		resources: { total: number; by_category: Record<string, number> };
		activities: { planned: number; done: number };
	} | null>(tx, 'select public.village_summary($1, $2) as v', [REGION, village]);

describe.each(backends)('planning functions on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	describe('coverage (known answers)', () => {
		it('anon: alfa 2 of 4 addresses within 1500 m of the published świetlica, beta none', async () => {
			// R1 (1000,5500): 500 m and 1118 m away; 2062 m and 3041 m are too far.
			const rows = await scenario(db, anon, (tx) => coverage(tx, 1500));
			expect(rows).toEqual([
				{ village: 'Alfa', slug: 'alfa', address_points: 4, covered: 2, share: 0.5, gap_rank: 2 },
				{ village: 'Beta', slug: 'beta', address_points: 2, covered: 0, share: 0, gap_rank: 1 }
			]);
		});

		it('organizer: the draft świetlica covers beta (9000,5000); the archived one counts for nobody', async () => {
			const rows = await scenario(db, organizer, (tx) => coverage(tx, 1500));
			expect(rows.map((r) => [r.slug, r.covered, r.share, r.gap_rank])).toEqual([
				// Equal shares: alfa's gap is larger (2 uncovered addresses against 1).
				['alfa', 2, 0.5, 1],
				['beta', 1, 0.5, 2]
			]);
		});

		it('the threshold is inclusive-distance based: 1117 m misses the 1118 m address, 2100 m adds one', async () => {
			const [narrow, wide] = await scenario(db, anon, async (tx) => [
				await coverage(tx, 1117),
				await coverage(tx, 2100)
			]);
			expect(narrow[0].covered).toBe(1);
			expect(wide[0].covered).toBe(3);
		});

		it('a category without resources covers nothing; a sołectwo sums its member villages', async () => {
			const [kgw, ab, a, ab_org, empty] = await scenario(db, anon, async (tx) => [
				await coverage(tx, 1500, 'biblioteka'),
				await areaCoverage(tx, null, 's-ab', 1500),
				await areaCoverage(tx, null, 's-a', 1500),
				await areaCoverage(tx, null, 's-ab', 1500),
				await areaCoverage(tx, null, 's-pusty', 1500)
			]);
			expect(kgw.map((r) => r.covered)).toEqual([0, 0]);
			expect(ab).toMatchObject({ address_points: 6, covered: 2, share: 0.3333 });
			expect(a).toMatchObject({ address_points: 4, covered: 2, share: 0.5 });
			expect(ab_org).toEqual(ab);
			expect(empty).toMatchObject({ address_points: 0, covered: 0, share: null });
			const org = await scenario(db, organizer, (tx) => areaCoverage(tx, null, 's-ab', 1500));
			expect(org).toMatchObject({ address_points: 6, covered: 3, share: 0.5 });
		});

		it('rejects an unknown category and a distance outside 1..50000 with 22023', async () => {
			const states = await Promise.all([
				sqlState(tryAs(db, anon, (tx) => coverage(tx, 1500, 'nie-ma'))),
				sqlState(tryAs(db, anon, (tx) => coverage(tx, 0))),
				sqlState(tryAs(db, anon, (tx) => coverage(tx, 50001))),
				sqlState(tryAs(db, anon, (tx) => areaCoverage(tx, 'nie-ma-wsi', null, 100)))
			]);
			expect(states).toEqual(['22023', '22023', '22023', '22023']);
		});
	});

	describe('resources in and near an area', () => {
		it('alfa: R1 inside; within 3 km only the published OSP 1000 m east of the border (anon)', async () => {
			const res = await scenario(db, anon, async (tx, fx) => ({
				fx,
				wide: await resourcesNear(tx, 'alfa', null, 3000),
				narrow: await resourcesNear(tx, 'alfa', null, 999)
			}));
			expect(res.wide.inside.map((r) => r.id)).toEqual([res.fx.r1]);
			expect(res.wide.nearby).toMatchObject([{ id: res.fx.r3, distance_m: 1000 }]);
			expect(res.narrow.nearby).toEqual([]);
		});

		it('organizer also sees drafts (R5 inside, R2 4000 m away) but never the archived R4', async () => {
			const res = await scenario(db, organizer, async (tx, fx) => ({
				fx,
				near: await resourcesNear(tx, 'alfa', null, 5000)
			}));
			expect(res.near.inside.map((r) => r.id).sort()).toEqual([res.fx.r1, res.fx.r5].sort());
			expect(res.near.nearby.map((r) => [r.id, r.distance_m])).toEqual([
				[res.fx.r3, 1000],
				[res.fx.r2, 4000]
			]);
		});

		it('a sołectwo is the union of its villages: s-ab has R1 and R3 inside, none nearby', async () => {
			const res = await scenario(db, anon, async (tx, fx) => ({
				fx,
				near: await resourcesNear(tx, null, 's-ab', 3000)
			}));
			expect(res.near.inside.map((r) => r.id).sort()).toEqual([res.fx.r1, res.fx.r3].sort());
			expect(res.near.nearby).toEqual([]);
		});
	});

	describe('needs of an area', () => {
		it('alfa for anon: 3 public needs, by category, kind and status, top by supports', async () => {
			const res = await scenario(db, anon, async (tx, fx) => ({
				fx,
				needs: await value<{
					total: number;
					supports: number;
					by_category: { category: string; count: number; supports: number }[];
					by_kind: { kind: string; count: number }[];
					by_status: { status: string; count: number }[];
					top: { id: string }[];
				}>(tx, 'select public.planning_needs($1, $2, null, $3) as v', [REGION, 'alfa', 2])
			}));
			const { needs, fx } = res;
			expect(needs.total).toBe(3);
			expect(needs.supports).toBe(8);
			expect(needs.by_category.map((c) => [c.category, c.count, c.supports])).toEqual([
				['seniorzy', 2, 7],
				['kultura', 1, 1]
			]);
			expect(needs.by_kind).toEqual([
				{ kind: 'need', count: 2 },
				{ kind: 'idea', count: 1 }
			]);
			expect(needs.by_status).toEqual([
				{ status: 'published', count: 2 },
				{ status: 'in_analysis', count: 1 }
			]);
			expect(needs.top.map((n) => n.id)).toEqual([fx.n1, fx.n2]);
		});

		it('staff count the new need too (not the rejected one); council reads the same as organizer', async () => {
			const totals = await Promise.all(
				[anon, resident, organizer, council].map((who) =>
					scenario(db, who, (tx) =>
						value<{ total: number }>(tx, 'select public.planning_needs($1, null, $2, 10) as v', [
							REGION,
							's-ab'
						])
					)
				)
			);
			expect(totals.map((t) => t.total)).toEqual([4, 4, 5, 5]);
		});
	});

	describe('suggested venues', () => {
		it('nearest first to the centroid (1550,5000) of N1–N3: R1 743 m, R3 4561 m (anon)', async () => {
			const res = await scenario(db, anon, async (tx, fx) => ({
				fx,
				all: await venues(tx, [fx.n1, fx.n2, fx.n3], null, false),
				big: await venues(tx, [fx.n1, fx.n2, fx.n3], 60, false),
				stepFree: await venues(tx, [fx.n1, fx.n2, fx.n3], 10, true),
				hidden: await venues(tx, [fx.n4], null, false)
			}));
			const { fx } = res;
			expect(res.all.needs).toBe(3);
			expect(res.all.venues.map((v) => [v.id, v.distance_m])).toEqual([
				[fx.r1, 743],
				[fx.r3, 4561]
			]);
			expect(res.big.venues.map((v) => v.id)).toEqual([fx.r3]);
			expect(res.stepFree.venues.map((v) => v.id)).toEqual([fx.r1]);
			// A need anon cannot read places nothing.
			expect(res.hidden).toEqual({ needs: 0, centroid: null, venues: [] });
		});

		it('organizer also gets the drafts R5 (3034 m) and R2 (7467 m), never the archived R4', async () => {
			const res = await scenario(db, organizer, async (tx, fx) => ({
				fx,
				all: await venues(tx, [fx.n1, fx.n2, fx.n3], null, false),
				limited: await venues(tx, [fx.n1, fx.n2, fx.n3], null, false, 2)
			}));
			const { fx } = res;
			expect(res.all.venues.map((v) => [v.id, v.distance_m])).toEqual([
				[fx.r1, 743],
				[fx.r5, 3034],
				[fx.r3, 4561],
				[fx.r2, 7467]
			]);
			expect(res.limited.venues).toHaveLength(2);
		});
	});

	describe('hotspots (ST_ClusterDBSCAN in metres)', () => {
		it('anon: one cluster of N1–N3 within 300 m, dominated by seniorzy, radius 112 m', async () => {
			const res = await scenario(db, anon, async (tx, fx) => ({
				fx,
				all: await hotspots(tx, null, 300, 3),
				tight: await hotspots(tx, null, 100, 3),
				beta: await hotspots(tx, 'beta', 300, 2)
			}));
			const { fx } = res;
			expect(res.all).toHaveLength(1);
			expect(res.all[0]).toMatchObject({
				cluster: 1,
				count: 3,
				supports: 8,
				dominant_category: 'seniorzy',
				dominant_count: 2,
				radius_m: 112,
				grid_m: null
			});
			expect(res.all[0].need_ids).toEqual([fx.n1, fx.n2, fx.n3].sort());
			// N1–N2 141 m, N1–N3 112 m, N2–N3 206 m: no pair is within 100 m.
			expect(res.tight).toEqual([]);
			expect(res.beta).toEqual([]);
		});

		it('organizer: the new need N4 joins the cluster (4 needs, 3 seniorzy)', async () => {
			const all = await scenario(db, organizer, (tx) => hotspots(tx, 'alfa', 300, 3));
			expect(all).toHaveLength(1);
			expect(all[0]).toMatchObject({ count: 4, dominant_category: 'seniorzy', dominant_count: 3 });
		});
	});

	describe('village summary (GET /api/villages/:slug/summary)', () => {
		it('anon counts published items; organizer adds drafts; activities count once per village', async () => {
			const [pub, staff, missing] = await Promise.all([
				scenario(db, anon, (tx) => summary(tx, 'alfa')),
				scenario(db, organizer, (tx) => summary(tx, 'alfa')),
				scenario(db, anon, (tx) => summary(tx, 'nie-ma'))
			]);
			expect(pub).toEqual({
				village: {
					name: 'Alfa',
					slug: 'alfa',
					solectwa: ['S-A', 'S-AB'],
					address_points: 4,
					population: null,
					population_year: null
				},
				needs: { total: 3, by_category: { kultura: 1, seniorzy: 2 } },
				resources: { total: 1, by_category: { swietlica: 1 } },
				activities: { planned: 1, done: 1 }
			});
			expect(staff?.needs).toEqual({ total: 4, by_category: { kultura: 1, seniorzy: 3 } });
			expect(staff?.resources).toEqual({ total: 2, by_category: { kgw: 1, swietlica: 1 } });
			expect(staff?.activities).toEqual({ planned: 2, done: 1 });
			expect(missing).toBeNull();
		});
	});

	describe('sołectwo summary (GET /api/solectwa/:slug/summary)', () => {
		it('sums its villages; an activity serving two of them counts once', async () => {
			const sol = (tx: Tx, slug: string) =>
				value<Record<string, unknown> | null>(tx, 'select public.solectwo_summary($1, $2) as v', [
					REGION,
					slug
				]);
			const [pub, staff, empty, missing] = await Promise.all([
				scenario(db, anon, (tx) => sol(tx, 's-ab')),
				scenario(db, organizer, (tx) => sol(tx, 's-ab')),
				scenario(db, anon, (tx) => sol(tx, 's-pusty')),
				scenario(db, anon, (tx) => sol(tx, 'nie-ma'))
			]);
			expect(pub).toEqual({
				solectwo: {
					name: 'S-AB',
					slug: 's-ab',
					villages: [
						{ name: 'Alfa', slug: 'alfa' },
						{ name: 'Beta', slug: 'beta' }
					],
					address_points: 6,
					population: null,
					population_year: null
				},
				needs: { total: 4, by_category: { kultura: 1, seniorzy: 2, 'sport-i-rekreacja': 1 } },
				resources: { total: 2, by_category: { osp: 1, swietlica: 1 } },
				activities: { planned: 1, done: 1 }
			});
			expect(staff).toMatchObject({
				needs: { total: 5 },
				resources: { total: 4, by_category: { kgw: 1, osp: 1, swietlica: 2 } },
				activities: { planned: 2, done: 1 }
			});
			expect(empty).toMatchObject({
				solectwo: { villages: [], address_points: 0 },
				needs: { total: 0, by_category: {} },
				resources: { total: 0, by_category: {} },
				activities: { planned: 0, done: 0 }
			});
			expect(missing).toBeNull();
		});
	});

	describe('planning area', () => {
		it('names the area, its villages and address points; unknown slugs raise 22023', async () => {
			const [village, sol] = await scenario(db, anon, async (tx) => [
				await value<{ kind: string; name: string; address_points: number }>(
					tx,
					'select public.planning_area($1, $2, $3) as v',
					[REGION, 'beta', null]
				),
				await value<{ kind: string; name: string; localities: { slug: string }[] }>(
					tx,
					'select public.planning_area($1, $2, $3) as v',
					[REGION, null, 's-ab']
				)
			]);
			expect(village).toMatchObject({ kind: 'village', name: 'Beta', address_points: 2 });
			expect(sol.kind).toBe('solectwo');
			expect(sol.localities.map((l) => l.slug)).toEqual(['alfa', 'beta']);
			const states = await Promise.all([
				sqlState(
					tryAs(db, anon, (tx) =>
						value(tx, "select public.planning_area('kramsk', 'nie-ma', null) as v", [])
					)
				),
				sqlState(
					tryAs(db, anon, (tx) =>
						value(tx, "select public.planning_area('kramsk', null, 'nie-ma') as v", [])
					)
				),
				sqlState(
					tryAs(db, anon, (tx) =>
						value(tx, "select public.planning_area('kramsk', 'kramsk', 'x') as v", [])
					)
				)
			]);
			expect(states).toEqual(['22023', '22023', '22023']);
		});
	});

	describe('sanity on the seeded Kramsk data', () => {
		it('coverage has one row per village (65), 3,829 address points in all, shares in 0..1', async () => {
			const rows = await tryAs(db, anon, (tx) =>
				value<CoverageRow[]>(tx, "select public.coverage('kramsk', 'swietlica', 2000) as v", [])
			);
			expect(rows).toHaveLength(65);
			expect(rows.reduce((s, r) => s + r.address_points, 0)).toBe(3829);
			for (const r of rows) {
				expect(r.covered).toBeLessThanOrEqual(r.address_points);
				if (r.share !== null) {
					expect(r.share).toBeGreaterThanOrEqual(0);
					expect(r.share).toBeLessThanOrEqual(1);
				}
			}
			expect(new Set(rows.map((r) => r.gap_rank)).has(1)).toBe(true);
		});

		it('every village has a summary and a planning area; hotspots run on the whole gmina', async () => {
			const res = await tryAs(db, organizer, async (tx) => ({
				kramsk: await value<{ village: { name: string }; needs: { total: number } }>(
					tx,
					"select public.village_summary('kramsk', 'kramsk') as v",
					[]
				),
				area: await value<{ address_points: number; localities: unknown[] }>(
					tx,
					"select public.planning_area('kramsk', 'kramsk', null) as v",
					[]
				),
				hot: await value<unknown[]>(
					tx,
					"select public.need_hotspots('kramsk', null, null, 12, 500, 3) as v",
					[]
				)
			}));
			expect(res.kramsk.village.name).toBe('Kramsk');
			expect(res.area.address_points).toBeGreaterThan(0);
			expect(Array.isArray(res.hot)).toBe(true);
		});
	});
});
