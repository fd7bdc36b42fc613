import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import type { Diagnosis } from '../../src/lib/diagnosis/types.ts';
import { coverageGaps } from '../../src/lib/diagnosis/text.ts';
import { backends, claims, sqlState, tryAs } from './backends.ts';
import { arrangeAlfaBeta, P } from './synthetic-region.ts';

// Diagnoses, tested with known answers on a synthetic region laid out in
// EPSG:2180 metres (like planning.spec.ts):
//
//   alfa (x 0..5000): addresses y=5000 at x=1000,2000,3000,4000 | beta (x 5000..10000): 6000, 9000
//   R1 świetlica (1000,5500) published    R2 świetlica (9000,5500) draft   R3 OSP (6000,6000) published
//   R4 KGW (2000,2000) archived
//   N1 seniorzy (1500,5000) published 5 supports, this month
//   N2 seniorzy (1600,5100) in_analysis 2, a month ago
//   N3 kultura (1550,4900) done 1, two months ago (resolved now: the status event)
//   N4 seniorzy new; N6 kultura rejected; N7 seniorzy public but hidden — all in alfa, never counted
//   N5 sport-i-rekreacja (8000,2000) published 3 (beta)
//   A1 alfa planned published; A2 beta held published, also for alfa, addresses N1+N3;
//   A3 alfa confirmed unpublished (addresses N2); A4 alfa cancelled published.
// Sołectwo "s-ab" = alfa + beta. Narratives: alfa published, beta draft.

const REGION = 'diagnoza-test';

const { anon, resident, organizer, council, admin } = claims;

async function arrange(tx: OwnerTx) {
	await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
	const { region, alfa, beta, one } = await arrangeAlfaBeta(tx, REGION, 'DT');
	const s = await one(
		`insert into public.solectwa (region_id, name, slug) values ($1, 'S AB', 's-ab') returning id::text as id`,
		[region]
	);
	await tx.query(
		'insert into public.solectwo_localities (solectwo_id, locality_id) values ($1, $2), ($1, $3)',
		[s, alfa, beta]
	);
	const resource = (name: string, category: string, x: number, y: number, status: string) =>
		tx.query(
			`insert into public.resources (region_id, category, name, point, status)
			 values ($1, $2, $3, ${P('$4::integer', '$5::integer')}, $6)`,
			[region, category, name, x, y, status]
		);
	await resource('R1', 'swietlica', 1000, 5500, 'published');
	await resource('R2', 'swietlica', 9000, 5500, 'draft');
	await resource('R3', 'osp', 6000, 6000, 'published');
	await resource('R4', 'kgw', 2000, 2000, 'archived');
	const need = (
		title: string,
		category: string,
		x: number,
		y: number,
		status: string,
		supports: number,
		monthsAgo: number
	) =>
		one(
			`insert into public.needs (region_id, kind, category, title, point, status, support_count, created_at)
			 values ($1, 'need', $2, $3, ${P('$4::integer', '$5::integer')}, $6, $7,
			   date_trunc('month', now()) - make_interval(months => $8) + interval '1 hour')
			 returning id::text as id`,
			[region, category, title, x, y, status, supports, monthsAgo]
		);
	const n1 = await need('Potrzeba N1', 'seniorzy', 1500, 5000, 'published', 5, 0);
	const n2 = await need('Potrzeba N2', 'seniorzy', 1600, 5100, 'in_analysis', 2, 1);
	const n3 = await need('Potrzeba N3', 'kultura', 1550, 4900, 'done', 1, 2);
	await need('Potrzeba N4', 'seniorzy', 1500, 5250, 'new', 0, 0);
	await need('Potrzeba N5', 'sport-i-rekreacja', 8000, 2000, 'published', 3, 0);
	await need('Potrzeba N6', 'kultura', 3000, 3000, 'rejected', 9, 0);
	const n7 = await need('Potrzeba N7', 'seniorzy', 4000, 8000, 'published', 4, 0);
	await tx.query(
		"update public.needs set hidden_at = now(), hidden_reason = 'moderator' where id = $1",
		[n7]
	);
	const activity = (title: string, loc: string, status: string, published: boolean) =>
		one(
			`insert into public.activities (region_id, title, programme_category, locality_id, status, published, starts_at)
			 values ($1, $2, 'community_animation', $3, $4, $5, now()) returning id::text as id`,
			[region, title, loc, status, published]
		);
	await activity('A1 planowane', alfa, 'planned', true);
	const a2 = await activity('A2 odbyło się', beta, 'held', true);
	const a3 = await activity('A3 robocze', alfa, 'confirmed', false);
	await activity('A4 odwołane', alfa, 'cancelled', true);
	await tx.query(
		'insert into public.activity_localities (activity_id, locality_id) values ($1, $2)',
		[a2, alfa]
	);
	await tx.query(
		'insert into public.activity_needs (activity_id, need_id) values ($1, $2), ($1, $3), ($4, $5)',
		[a2, n1, n3, a3, n2]
	);
	await tx.query(
		`insert into public.diagnoses (region_id, scope, body, status, published_at)
		 values ($1, 'alfa', 'Wnioski alfa', 'published', now()), ($1, 'beta', 'Szkic beta', 'draft', null)`,
		[region]
	);
}

class Rollback extends Error {}

/** Fixtures as the owner, then `act` as `who` (RLS applies), all rolled back. */
async function scenario<T>(db: Database, who: Claims, act: (tx: Tx) => Promise<T>) {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			await arrange(tx);
			await enterRole(tx, who);
			result = await act({ query: tx.query });
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

const diagnosis = async (tx: Tx, kind: string, slug: string) =>
	(
		await tx.query<{ v: Diagnosis | null }>('select public.diagnosis($1, $2, $3) as v', [
			REGION,
			kind,
			slug
		])
	)[0].v;
const count = (d: Diagnosis, list: 'resources' | 'needs', category: string) =>
	d[list].by_category.find((c) => c.category === category)?.count;
const save = (tx: Tx, scope: string, body: string | null, status: string | null) =>
	tx.query('select public.save_diagnosis($1, $2, $3, $4) as v', [REGION, scope, body, status]);
const rows = (tx: Tx) =>
	tx.query<{ scope: string; status: string }>(
		'select d.scope, d.status from public.diagnoses d join public.regions r on r.id = d.region_id where r.slug = $1 order by d.scope',
		[REGION]
	);

describe.each(backends)('diagnoses on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('counts a village from public items only, for the public and for staff alike', async () => {
		for (const who of [anon, organizer]) {
			const d = await scenario(db, who, (tx) => diagnosis(tx, 'village', 'alfa'));
			expect(d).not.toBeNull();
			if (!d) return;
			expect(d.scope).toMatchObject({
				kind: 'village',
				slug: 'alfa',
				name: 'Alfa',
				address_points: 4
			});
			expect(d.totals).toEqual({
				needs: 3,
				supports: 8,
				resources: 1,
				activities_planned: 1,
				activities_done: 1
			});
			expect(count(d, 'resources', 'swietlica')).toBe(1);
			expect(count(d, 'resources', 'osp')).toBe(0);
			expect(d.needs.by_category.map((c) => [c.category, c.count, c.supports, c.done])).toEqual([
				['seniorzy', 2, 7, 0],
				['kultura', 1, 1, 1]
			]);
			expect(d.needs.top.map((t) => t.title)).toEqual([
				'Potrzeba N1',
				'Potrzeba N2',
				'Potrzeba N3'
			]);
			expect(d.gmina).toMatchObject({
				name: 'Gmina testowa',
				needs: 4,
				resources: 2,
				activities_done: 1
			});
		}
	});

	it('computes coverage, hotspots, activities with their needs and the trend', async () => {
		const d = await scenario(db, anon, (tx) => diagnosis(tx, 'village', 'alfa'));
		if (!d) throw new Error('no diagnosis');
		const cov = (c: string) => d.coverage.by_category.find((x) => x.category === c);
		// R1 reaches x=1000 (500 m) and x=2000 (1118 m), not x=3000 (2062 m); R2 is a draft.
		expect(cov('swietlica')).toMatchObject({ address_points: 4, covered: 2, share: 0.5 });
		expect(cov('osp')).toMatchObject({ covered: 0, share: 0 });
		expect(d.hotspots).toEqual([
			expect.objectContaining({ count: 3, supports: 8, category: 'seniorzy' })
		]);
		expect(d.activities).toMatchObject({ planned: 1, done: 1, needs_addressed: 2 });
		expect(d.activities.items.map((a) => a.title).sort()).toEqual([
			'A1 planowane',
			'A2 odbyło się'
		]);
		const a2 = d.activities.items.find((a) => a.title === 'A2 odbyło się');
		expect(a2?.needs.map((n) => n.title)).toEqual(['Potrzeba N1', 'Potrzeba N3']);
		expect(d.trend.months).toHaveLength(12);
		const [m2, m1, m0] = d.trend.months.slice(-3);
		expect([m2.reported, m1.reported, m0.reported]).toEqual([1, 1, 1]);
		expect(m0.resolved).toBe(1);
		expect(d.trend.quarters).toHaveLength(4);
		expect(d.trend.quarters[3].done).toBe(1);
		expect(d.map?.outline).toMatch(/^M /);
		expect(d.map?.resources).toHaveLength(1);
		expect(d.map?.needs).toHaveLength(3);
	});

	it('covers a sołectwo and the gmina; unknown slugs give null', async () => {
		const [s, g, none, noSol] = await scenario(db, anon, async (tx) => [
			await diagnosis(tx, 'solectwo', 's-ab'),
			await diagnosis(tx, 'gmina', 'gmina'),
			await diagnosis(tx, 'village', 'nie-ma'),
			await diagnosis(tx, 'solectwo', 'nie-ma')
		]);
		expect(s?.scope).toMatchObject({ kind: 'solectwo', slug: 'solectwo-s-ab', name: 'S AB' });
		expect(s?.totals).toMatchObject({ needs: 4, resources: 2, supports: 11 });
		expect(g?.scope).toMatchObject({ kind: 'gmina', slug: 'gmina', address_points: 6 });
		expect(g?.totals).toMatchObject({ needs: 4, resources: 2 });
		expect(g?.gmina).toBeNull();
		expect(none).toBeNull();
		expect(noSol).toBeNull();
	});

	it('agrees with independent counts of the seeded gmina', async () => {
		const [d, needs, resources] = await tryAs(
			db,
			anon,
			async (tx) =>
				[
					(
						await tx.query<{ v: Diagnosis | null }>(
							"select public.diagnosis('kramsk', 'village', 'kramsk') as v"
						)
					)[0].v,
					(
						await tx.query<{ n: number }>(
							`select count(*)::int as n from public.needs x join public.localities l on l.id = x.locality_id
				 where l.slug = 'kramsk'`
						)
					)[0].n,
					(
						await tx.query<{ n: number }>(
							`select count(*)::int as n from public.resources x join public.localities l on l.id = x.locality_id
				 where l.slug = 'kramsk'`
						)
					)[0].n
				] as const
		);
		expect(d?.scope.name).toBe('Kramsk');
		expect(d?.totals.needs).toBe(needs);
		expect(d?.totals.resources).toBe(resources);
	});

	it('tells a coverage gap from a category the gmina lacks: the biggest gap is one it has', async () => {
		const d = await scenario(db, anon, (tx) => diagnosis(tx, 'village', 'alfa'));
		if (!d) throw new Error('no diagnosis');
		const cov = (c: string) => d.coverage.by_category.find((x) => x.category === c);
		// Published resources anywhere in the gmina: R1 (R2 is a draft), R3 in beta; R4 archived.
		expect(cov('swietlica')?.gmina_resources).toBe(1);
		expect(cov('osp')?.gmina_resources).toBe(1);
		expect(cov('kgw')?.gmina_resources).toBe(0);
		// The gmina's 6 address points: R1 reaches alfa's x=1000 and 2000, R3 beta's x=6000 only.
		expect(cov('swietlica')?.gmina_share).toBe(0.3333);
		expect(cov('osp')?.gmina_share).toBe(0.1667);
		expect(cov('kgw')?.gmina_share).toBe(0);
		// Every other category is at 0% here too, but the gmina has none of them: OSP is the gap,
		// all four address points of alfa beyond its reach, one fewer than at the gmina's 1/6.
		expect(coverageGaps(d).map((g) => [g.category, g.uncovered, g.behind])).toEqual([
			['osp', 4, 1]
		]);
		// The gmina's own diagnosis compares with itself: its share is the gmina's share.
		const gmina = await scenario(db, anon, (tx) => diagnosis(tx, 'gmina', 'gmina'));
		const own = gmina?.coverage.by_category.find((x) => x.category === 'swietlica');
		expect(own).toMatchObject({ address_points: 6, covered: 2, gmina_share: 0.3333 });
		// The figures reach the public as they are: 1 resource, 2 needs, 1 activity, no "<3".
		expect(d.totals.resources).toBe(1);
		expect(count(d, 'needs', 'seniorzy')).toBe(2);
		expect(JSON.stringify(d)).not.toContain('<3');
	});

	it('shows published narratives to everyone and drafts only to staff', async () => {
		for (const who of [anon, resident]) {
			const [list, alfa, beta] = await scenario(db, who, async (tx) => [
				await rows(tx),
				(await diagnosis(tx, 'village', 'alfa'))?.narrative,
				(await diagnosis(tx, 'village', 'beta'))?.narrative
			]);
			expect(list).toEqual([{ scope: 'alfa', status: 'published' }]);
			expect(alfa?.body).toBe('Wnioski alfa');
			expect(beta).toBeNull();
		}
		for (const who of [organizer, council, admin]) {
			const [list, beta] = await scenario(db, who, async (tx) => [
				await rows(tx),
				(await diagnosis(tx, 'village', 'beta'))?.narrative
			]);
			expect(list.map((r) => r.scope)).toEqual(['alfa', 'beta']);
			expect(beta).toMatchObject({ body: 'Szkic beta', status: 'draft' });
		}
	});

	it('lets organizers and admins write, publish and withdraw, and records it in the audit log', async () => {
		for (const who of [organizer, admin]) {
			const result = await scenario(db, who, async (tx) => {
				await save(tx, 'gmina', 'Wnioski gminy', null);
				const draft = (await rows(tx)).find((r) => r.scope === 'gmina');
				await save(tx, 'gmina', null, 'published');
				const pub = await tx.query<{ body: string; published_at: string | null }>(
					"select body, published_at from public.diagnoses where scope = 'gmina'"
				);
				await save(tx, 'alfa', null, 'draft');
				const alfa = await tx.query<{ status: string; published_at: string | null }>(
					"select status, published_at from public.diagnoses where scope = 'alfa'"
				);
				const deleted = await tx.query(
					"delete from public.diagnoses where scope = 'beta' returning id"
				);
				return { draft, pub: pub[0], alfa: alfa[0], deleted: deleted.length };
			});
			expect(result.draft).toEqual({ scope: 'gmina', status: 'draft' });
			expect(result.pub.body).toBe('Wnioski gminy');
			expect(result.pub.published_at).not.toBeNull();
			expect(result.alfa).toEqual({ status: 'draft', published_at: null });
			expect(result.deleted).toBe(1);
		}
		const audit = await scenario(db, admin, async (tx) => {
			await save(tx, 'gmina', 'Audyt', null);
			return tx.query<{ action: string }>(
				"select action from public.audit_log where table_name = 'diagnoses' and after ->> 'body' = 'Audyt'"
			);
		});
		expect(audit.map((a) => a.action)).toEqual(['insert']);
	});

	it('refuses writes by anon, residents and council', async () => {
		for (const who of [anon, resident, council]) {
			const state = await scenario(db, who, (tx) => sqlState(save(tx, 'gmina', 'X', null)));
			expect(state, JSON.stringify(who)).toBe('42501');
		}
		const anonInsert = await scenario(db, anon, (tx) =>
			sqlState(
				tx.query(
					"insert into public.diagnoses (region_id, scope, body) select id, 'x', 'y' from public.regions where slug = $1",
					[REGION]
				)
			)
		);
		expect(anonInsert).toBe('42501');
		for (const who of [resident, council]) {
			const [updated, deleted] = await scenario(db, who, async (tx) => [
				(await tx.query("update public.diagnoses set body = 'Z' where scope = 'alfa' returning id"))
					.length,
				(await tx.query("delete from public.diagnoses where scope = 'alfa' returning id")).length
			]);
			expect([updated, deleted], JSON.stringify(who)).toEqual([0, 0]);
		}
	});

	it('lists the scopes with the narrative status the caller may see', async () => {
		type Scopes = {
			gmina: { slug: string };
			solectwa: { slug: string; status: string | null }[];
			villages: { slug: string; status: string | null }[];
		};
		const get = (tx: Tx) =>
			tx
				.query<{ v: Scopes }>('select public.diagnosis_scopes($1) as v', [REGION])
				.then((r) => r[0].v);
		const pub = await scenario(db, anon, get);
		expect(pub.gmina.slug).toBe('gmina');
		expect(pub.solectwa).toEqual([{ slug: 'solectwo-s-ab', name: 'S AB', status: null }]);
		expect(pub.villages.map((v) => [v.slug, v.status])).toEqual([
			['alfa', 'published'],
			['beta', null]
		]);
		const staff = await scenario(db, council, get);
		expect(staff.villages.map((v) => v.status)).toEqual(['published', 'draft']);
	});
});
