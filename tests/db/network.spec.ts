import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { value } from '../../src/lib/server/db/value.ts';
import { backends, claims, sqlState } from './backends.ts';
import { arrangedAs } from './owner-scenario.ts';
import { arrangeAlfaBeta, P } from './synthetic-region.ts';

// public.cooperation_network against a hand-built fixture in the synthetic region (alfa, beta):
//
//   partners  P1 KGW (alfa)  P2 OSP-stowarzyszenie (alfa)  P3 szkoła (beta)  P4 parafia (alfa)
//             P5 firma (beta)  P6 stowarzyszenie (alfa), its resource a DRAFT
//   A0 2024-06-01 published animation     P1 P4 P6     alfa
//   A1 2025-02-10 published animation     P1 P2        alfa            (Q1)
//   A2 2025-05-10 published education     P1 P2 P3     alfa            (Q2)
//   A3 2025-08-01 published, CANCELLED    P1 P3        alfa + beta     (never counts)
//   A5 2025-07-01 published civic         P4           alfa            (Q3, one partner)
//   A4 2025-11-01 UNPUBLISHED civic       P3 P5        beta            (Q4, staff drafts only)
//   A6 2026-01-01 00:30 Warsaw (2025-12-31 23:30 UTC) published animation  P2 P3  alfa
//
// Worked out by hand for 2025, published only: partners P1–P4; links P1–P2 (A1, A2), P1–P3 and
// P2–P3 (A2); joint activities A1, A2; new partners P2, P3 (P1 and P4 began in 2024); partners per
// quarter 2, 3, 1, 0; beta has no partner activity. With drafts (staff): P5 too, P3–P5 (A4),
// joint 3, new 3, quarter four 2, and every village has partner activity.

const REGION = 'siec-test';
const { anon, resident, organizer, council, admin } = claims;

async function arrange(tx: OwnerTx) {
	const { region, alfa, beta, one } = await arrangeAlfaBeta(tx, REGION, 'ST');
	const partner = (name: string, category: string, x: number) =>
		one(
			`insert into public.resources (region_id, category, name, point, status)
			 values ($1, $2, $3, ${P('$4::integer', '5500')}, 'published') returning id::text as id`,
			[region, category, name, x]
		);
	const fx = {
		alfa,
		beta,
		p1: await partner('P1 Koło Gospodyń', 'kgw', 1000),
		p2: await partner('P2 Stowarzyszenie OSP', 'stowarzyszenie', 2000),
		p3: await partner('P3 Szkoła', 'szkola', 6000),
		p4: await partner('P4 Parafia', 'parafia', 3000),
		p5: await partner('P5 Firma', 'przedsiebiorstwo', 9000),
		p6: await partner('P6 Stowarzyszenie robocze', 'stowarzyszenie', 4000)
	};
	await tx.query("update public.resources set status = 'draft' where id = $1", [fx.p6]);
	const activity = async (
		title: string,
		startsAt: string,
		category: string,
		published: boolean,
		locality: string,
		partners: string[],
		status = 'planned'
	) => {
		const id = await one(
			`insert into public.activities (region_id, title, programme_category, published, status,
			   locality_id, starts_at)
			 values ($1, $2, $3, $4, $5, $6, $7) returning id::text as id`,
			[region, `Działanie ${title}`, category, published, status, locality, startsAt]
		);
		for (const p of partners)
			await tx.query(
				'insert into public.activity_partners (activity_id, resource_id) values ($1, $2)',
				[id, p]
			);
		return id;
	};
	const acts = {
		a0: await activity('A0', '2024-06-01T10:00:00Z', 'community_animation', true, alfa, [
			fx.p1,
			fx.p4,
			fx.p6
		]),
		a1: await activity('A1', '2025-02-10T10:00:00Z', 'community_animation', true, alfa, [
			fx.p1,
			fx.p2
		]),
		a2: await activity('A2', '2025-05-10T10:00:00Z', 'community_education', true, alfa, [
			fx.p1,
			fx.p2,
			fx.p3
		]),
		a3: await activity(
			'A3',
			'2025-08-01T10:00:00Z',
			'community_animation',
			true,
			alfa,
			[fx.p1, fx.p3],
			'cancelled'
		),
		a4: await activity('A4', '2025-11-01T10:00:00Z', 'civic_activation', false, beta, [
			fx.p3,
			fx.p5
		]),
		a5: await activity('A5', '2025-07-01T10:00:00Z', 'civic_activation', true, alfa, [fx.p4]),
		a6: await activity('A6', '2025-12-31T23:30:00Z', 'community_animation', true, alfa, [
			fx.p2,
			fx.p3
		])
	};
	await tx.query(
		'insert into public.activity_localities (activity_id, locality_id) values ($1, $2)',
		[acts.a3, beta]
	);
	await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
	return { ...fx, ...acts };
}
type Fx = Awaited<ReturnType<typeof arrange>>;

interface Network {
	year: number;
	with_drafts: boolean;
	partners: {
		id: string;
		name: string;
		category: string;
		lon: number;
		lat: number;
		x: number;
		y: number;
		locality: { slug: string } | null;
		villages: { slug: string }[];
		activities: number;
		first_date: string;
		new: boolean;
	}[];
	edges: {
		a: string;
		b: string;
		count: number;
		activities: { id: string; published: boolean }[];
	}[];
	activities: { id: string; published: boolean; partners: string[] }[];
	measures: {
		partners: number;
		joint_activities: number;
		new_partners: number;
		quarters: number[];
		villages_total: number;
		villages_without: { slug: string }[];
	};
	years: number[];
}

const network = (tx: Tx, year: number, category: string | null, drafts: boolean) =>
	value<Network>(tx, 'select public.cooperation_network($1, $2, $3, $4) as v', [
		REGION,
		year,
		category,
		drafts
	]);

/** The fixture's names of partner ids, so assertions read as the table above. */
function named(fx: Fx) {
	const names = new Map(
		(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'] as const).map((k) => [fx[k], k.toUpperCase()])
	);
	const acts = new Map(
		(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6'] as const).map((k) => [fx[k], k.toUpperCase()])
	);
	return (n: Network) => ({
		partners: n.partners.map((p) => names.get(p.id)),
		newPartners: n.partners.filter((p) => p.new).map((p) => names.get(p.id)),
		edges: n.edges.map(
			(e) =>
				`${names.get(e.a)}–${names.get(e.b)}: ${e.activities.map((a) => acts.get(a.id)).join(' ')}`
		),
		activities: n.activities.map((a) => acts.get(a.id)),
		measures: { ...n.measures, villages_without: n.measures.villages_without.map((v) => v.slug) }
	});
}

describe.each(backends)('cooperation network on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const as = <T>(who: Claims, act: (tx: Tx, fx: Fx) => Promise<T>) =>
		arrangedAs(db, arrange, who, act);

	const PUBLISHED_2025 = {
		partners: ['P1', 'P2', 'P3', 'P4'],
		newPartners: ['P2', 'P3'],
		edges: ['P1–P2: A1 A2', 'P1–P3: A2', 'P2–P3: A2'],
		activities: ['A1', 'A2', 'A5'],
		measures: {
			partners: 4,
			joint_activities: 2,
			new_partners: 2,
			quarters: [2, 3, 1, 0],
			villages_total: 2,
			villages_without: ['beta']
		}
	};

	for (const [role, who] of [
		['anon', anon],
		['resident', resident],
		['council', council],
		['organizer', organizer],
		['admin', admin]
	] as const) {
		it(`${role}: the published network of 2025 matches the hand count`, async () => {
			const got = await as(who, async (tx, fx) => named(fx)(await network(tx, 2025, null, false)));
			expect(got).toEqual(PUBLISHED_2025);
		});
	}

	for (const [role, who] of [
		['anon', anon],
		['resident', resident]
	] as const) {
		it(`${role}: asking for drafts still never shows an unpublished activity's partnerships`, async () => {
			const got = await as(who, async (tx, fx) => named(fx)(await network(tx, 2025, null, true)));
			expect(got).toEqual(PUBLISHED_2025);
		});
	}

	for (const [role, who] of [
		['council', council],
		['organizer', organizer],
		['admin', admin]
	] as const) {
		it(`${role}: with drafts the unpublished activity and its partner count, marked`, async () => {
			const got = await as(who, async (tx, fx) => {
				const n = await network(tx, 2025, null, true);
				const a4 = n.activities.find((a) => a.id === fx.a4);
				return { ...named(fx)(n), a4Published: a4?.published, withDrafts: n.with_drafts };
			});
			expect(got).toEqual({
				partners: ['P1', 'P2', 'P3', 'P4', 'P5'],
				newPartners: ['P2', 'P3', 'P5'],
				edges: ['P1–P2: A1 A2', 'P1–P3: A2', 'P2–P3: A2', 'P3–P5: A4'],
				activities: ['A1', 'A2', 'A5', 'A4'],
				measures: {
					partners: 5,
					joint_activities: 3,
					new_partners: 3,
					quarters: [2, 3, 1, 2],
					villages_total: 2,
					villages_without: []
				},
				a4Published: false,
				withDrafts: true
			});
		});
	}

	it('a partner whose resource is a draft is left out of the public view, for staff too', async () => {
		const view = (who: Claims, drafts: boolean) =>
			as(who, async (tx, fx) => {
				const n = named(fx)(await network(tx, 2024, null, drafts));
				return { partners: n.partners, edges: n.edges };
			});
		const published = { partners: ['P1', 'P4'], edges: ['P1–P4: A0'] };
		expect(await view(anon, false)).toEqual(published);
		expect(await view(anon, true)).toEqual(published);
		expect(await view(organizer, false)).toEqual(published);
		expect(await view(council, true)).toEqual({
			partners: ['P1', 'P4', 'P6'],
			edges: ['P1–P4: A0', 'P1–P6: A0', 'P4–P6: A0']
		});
	});

	it('a category narrows the activities, and "new" means new to that category', async () => {
		const got = await as(anon, async (tx, fx) =>
			named(fx)(await network(tx, 2025, 'community_education', false))
		);
		expect(got).toEqual({
			partners: ['P1', 'P2', 'P3'],
			newPartners: ['P1', 'P2', 'P3'],
			edges: ['P1–P2: A2', 'P1–P3: A2', 'P2–P3: A2'],
			activities: ['A2'],
			measures: {
				partners: 3,
				joint_activities: 1,
				new_partners: 3,
				quarters: [0, 3, 0, 0],
				villages_total: 2,
				villages_without: ['beta']
			}
		});
	});

	it('the year is Warsaw time: a start at 00:30 on 1 January belongs to the new year', async () => {
		const got = await as(anon, async (tx, fx) => {
			const n = await network(tx, 2026, null, false);
			return { ...named(fx)(n), years: n.years };
		});
		expect(got).toEqual({
			partners: ['P2', 'P3'],
			newPartners: [],
			edges: ['P2–P3: A6'],
			activities: ['A6'],
			measures: {
				partners: 2,
				joint_activities: 1,
				new_partners: 0,
				quarters: [2, 0, 0, 0],
				villages_total: 2,
				villages_without: ['beta']
			},
			years: [2026, 2025, 2024]
		});
	});

	it('a partner carries its place, its village and the villages of its activities', async () => {
		const p3 = await as(anon, async (tx, fx) =>
			(await network(tx, 2025, null, false)).partners.find((p) => p.id === fx.p3)
		);
		expect(p3).toMatchObject({
			name: 'P3 Szkoła',
			category: 'szkola',
			locality: { slug: 'beta' },
			villages: [{ slug: 'alfa' }],
			activities: 1,
			first_date: '2025-05-10',
			new: true,
			// The region is 10 km square: 1000 units, so a tenth of its metres from the top left.
			x: 600,
			y: 450
		});
		expect(p3?.lon).toBeTypeOf('number');
		expect(p3?.lat).toBeTypeOf('number');
	});

	it('refuses an unknown region, category or a year out of range with 22023', async () => {
		const states = await as(anon, async (tx) => {
			const attempt = async (sql: string, params: unknown[]) => {
				await tx.query('savepoint s');
				const state = await sqlState(tx.query(sql, params));
				await tx.query('rollback to savepoint s');
				return state;
			};
			const call = 'select public.cooperation_network($1, $2, $3, false)';
			return [
				await attempt(call, ['nie-ma', 2025, null]),
				await attempt(call, [REGION, 2025, 'gotowanie']),
				await attempt(call, [REGION, 1999, null]),
				await attempt(call, [REGION, null, null])
			];
		});
		expect(states).toEqual(['22023', '22023', '22023', '22023']);
	});
});
