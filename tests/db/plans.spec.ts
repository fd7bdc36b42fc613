import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import type { PlanDoc } from '../../src/lib/plans/types.ts';
import { backends, claims, sqlState } from './backends.ts';
import { arrangeAlfaBeta, P } from './synthetic-region.ts';

// Plans and yearly reports, with known answers on the synthetic region (alfa, beta):
//
//   R1 świetlica (alfa, venue)   K1 KGW (alfa, partner)   S1 stowarzyszenie (beta, partner)
//   N1 alfa published   N2 alfa in_analysis   N3 alfa done this year   N4 beta published
//   This year (Y):
//     A1 alfa community_animation workshop, planned, published, venue R1, partner K1, needs N1
//     A2 alfa community_education citizens_meeting, planned, published, partner S1, needs N2
//     A3 alfa civic_activation, unpublished — never counted
//     A4 alfa community_animation, cancelled — never counted
//     A5 beta community_animation, held: 10 participants, 2 volunteers, partner K1
//   Last year (Y-1): A6 alfa community_animation, held: 12 participants, 3 volunteers, partner S1
//   Plans: alfa Y published (targets 2/1/0, participants 40, volunteers 5, partners 2, needs 2;
//   goals social_bonds → N1, cultural_activity → N2) with a draft report (costs by hand);
//   gmina Y draft.

const REGION = 'plany-test';
const { anon, resident, organizer, council, admin } = claims;
const EDITORS: [string, Claims][] = [
	['organizer', organizer],
	['admin', admin]
];
const NON_EDITORS: [string, Claims][] = [
	['anon', anon],
	['resident', resident],
	['council', council]
];

async function arrange(tx: OwnerTx) {
	await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
	const { region, alfa, beta, one } = await arrangeAlfaBeta(tx, REGION, 'PL');
	const year = Number(await one('select extract(year from private.local_time(now()))::text as id'));
	const resource = (name: string, category: string, x: number) =>
		one(
			`insert into public.resources (region_id, category, name, point, status)
			 values ($1, $2, $3, ${P('$4::integer', '5500')}, 'published') returning id::text as id`,
			[region, category, name, x]
		);
	const r1 = await resource('R1 świetlica', 'swietlica', 1000);
	const k1 = await resource('K1 koło gospodyń', 'kgw', 2000);
	const s1 = await resource('S1 stowarzyszenie', 'stowarzyszenie', 6000);
	const need = (title: string, x: number, status: string) =>
		one(
			`insert into public.needs (region_id, kind, category, title, point, status)
			 values ($1, 'need', 'seniorzy', $2, ${P('$3::integer', '5000')}, $4) returning id::text as id`,
			[region, title, x, status]
		);
	const n1 = await need('Potrzeba N1', 1500, 'published');
	const n2 = await need('Potrzeba N2', 1600, 'in_analysis');
	await need('Potrzeba N3', 1700, 'done');
	await need('Potrzeba N4', 8000, 'published');
	const activity = (
		title: string,
		loc: string,
		category: string,
		kind: string,
		status: string,
		published: boolean,
		y: number,
		month: number,
		outcome: [number, number] | null = null
	) =>
		one(
			`insert into public.activities (region_id, title, programme_category, kind, locality_id,
			   status, published, starts_at, outcome_participants, outcome_volunteers)
			 values ($1, $2, $3, $4, $5, $6, $7,
			   make_timestamptz($8, $9, 15, 12, 0, 0, 'Europe/Warsaw'), $10, $11) returning id::text as id`,
			[
				region,
				title,
				category,
				kind,
				loc,
				status,
				published,
				y,
				month,
				outcome?.[0] ?? null,
				outcome?.[1] ?? null
			]
		);
	const a1 = await activity(
		'A1 warsztaty',
		alfa,
		'community_animation',
		'workshop',
		'planned',
		true,
		year,
		6
	);
	const a2 = await activity(
		'A2 zebranie',
		alfa,
		'community_education',
		'citizens_meeting',
		'planned',
		true,
		year,
		9
	);
	await activity('A3 robocze', alfa, 'civic_activation', 'workshop', 'planned', false, year, 7);
	await activity(
		'A4 odwołane',
		alfa,
		'community_animation',
		'workshop',
		'cancelled',
		true,
		year,
		7
	);
	const a5 = await activity(
		'A5 festyn',
		beta,
		'community_animation',
		'community_event',
		'held',
		true,
		year,
		5,
		[10, 2]
	);
	const a6 = await activity(
		'A6 zeszłoroczne',
		alfa,
		'community_animation',
		'workshop',
		'held',
		true,
		year - 1,
		5,
		[12, 3]
	);
	await tx.query('update public.activities set venue_id = $2 where id = $1', [a1, r1]);
	await tx.query(
		`insert into public.activity_partners (activity_id, resource_id)
		 values ($1, $3), ($2, $4), ($5, $3), ($6, $4)`,
		[a1, a2, k1, s1, a5, a6]
	);
	await tx.query(
		'insert into public.activity_needs (activity_id, need_id) values ($1, $2), ($3, $4)',
		[a1, n1, a2, n2]
	);
	const plan = await one(
		`insert into public.plans (region_id, year, scope, body, target_community_animation,
		   target_community_education, target_civic_activation, target_participants,
		   target_volunteers, target_partners, target_needs_done, status, published_at)
		 values ($1, $2, 'alfa', 'Plan dla Alfy', 2, 1, 0, 40, 5, 2, 2, 'published', now())
		 returning id::text as id`,
		[region, year]
	);
	await tx.query(
		`insert into public.plans (region_id, year, scope, body) values ($1, $2, 'gmina', 'Szkic gminy')`,
		[region, year]
	);
	const bonds = await one(
		`insert into public.plan_goals (plan_id, goal, note) values ($1, 'social_bonds', 'Więzi')
		 returning id::text as id`,
		[plan]
	);
	const culture = await one(
		`insert into public.plan_goals (plan_id, goal) values ($1, 'cultural_activity') returning id::text as id`,
		[plan]
	);
	await tx.query(
		'insert into public.plan_goal_needs (goal_id, need_id) values ($1, $2), ($3, $4)',
		[bonds, n1, culture, n2]
	);
	await tx.query(
		`insert into public.plan_reports (plan_id, body, manual_figures)
		 values ($1, 'Sprawozdanie', '[{"label": "Koszty", "value": 1200.5, "unit": "zł"}]')`,
		[plan]
	);
	return { year, alfa, a1, a2, n1, n2, k1, s1 };
}
type Fx = Awaited<ReturnType<typeof arrange>>;

class Rollback extends Error {}

/** Fixtures as the owner, then `act` as `who` (RLS applies), all rolled back. */
async function scenario<T>(
	db: Database,
	who: Claims,
	act: (tx: Tx, fx: Fx, owner: OwnerTx) => Promise<T>
) {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			const fx = await arrange(tx);
			await enterRole(tx, who);
			result = await act({ query: tx.query }, fx, tx);
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

const plan = async (tx: Tx, year: number, kind: string, slug: string) =>
	(
		await tx.query<{ v: PlanDoc | null }>('select public.plan($1, $2, $3, $4) as v', [
			REGION,
			year,
			kind,
			slug
		])
	)[0].v;
const savePlan = (tx: Tx, year: number, scope: string, p: object, status: string | null = null) =>
	tx.query('select public.save_plan($1, $2, $3, $4::text::jsonb, $5) as v', [
		REGION,
		year,
		scope,
		JSON.stringify(p),
		status
	]);
const saveReport = (tx: Tx, year: number, scope: string, p: object, status: string | null = null) =>
	tx.query('select public.save_plan_report($1, $2, $3, $4::text::jsonb, $5) as v', [
		REGION,
		year,
		scope,
		JSON.stringify(p),
		status
	]);

/** The SQLSTATE of a call, rolled back to a savepoint so the scenario's transaction goes on. */
async function attempt(tx: Tx, call: () => Promise<unknown>): Promise<string> {
	await tx.query('savepoint attempt');
	const state = await sqlState(call());
	await tx.query(state === 'ok' ? 'release savepoint attempt' : 'rollback to savepoint attempt');
	return state;
}

describe.each(backends)('plans on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('a village plan shows its activities with needs and partners; 25 participants on completion reach the indicator and the report', async () => {
		const result = await scenario(db, organizer, async (tx, fx) => {
			const before = await plan(tx, fx.year, 'village', 'alfa');
			await tx.query('select public.complete_activity($1, 25, null, true, 4)', [fx.a1]);
			const after = await plan(tx, fx.year, 'village', 'alfa');
			return { before, after, fx };
		});
		const { before, after, fx } = result;
		if (!before || !after) throw new Error('no plan');
		expect(before.activities.map((a) => [a.title, a.programme_category, a.kind])).toEqual([
			['A1 warsztaty', 'community_animation', 'workshop'],
			['A2 zebranie', 'community_education', 'citizens_meeting']
		]);
		const a1 = before.activities[0];
		expect(a1.needs.map((n) => n.title)).toEqual(['Potrzeba N1']);
		expect(a1.partners.map((p) => p.name)).toEqual(['K1 koło gospodyń']);
		expect(a1.venue?.name).toBe('R1 świetlica');
		expect(a1.locality?.slug).toBe('alfa');
		expect(before.activities[1].needs.map((n) => n.title)).toEqual(['Potrzeba N2']);
		expect(before.activities[1].partners.map((p) => p.name)).toEqual(['S1 stowarzyszenie']);
		expect(before.goals.map((g) => [g.goal, g.needs.map((n) => n.title)])).toEqual([
			['social_bonds', ['Potrzeba N1']],
			['cultural_activity', ['Potrzeba N2']]
		]);
		expect(before.plan?.targets).toEqual({
			community_animation: 2,
			community_education: 1,
			civic_activation: 0,
			participants: 40,
			volunteers: 5,
			partners: 2,
			needs_done: 2
		});
		expect(before.achieved).toEqual({
			year: fx.year,
			activities: 0,
			by_category: { community_animation: 0, community_education: 0, civic_activation: 0 },
			planned_by_category: { community_animation: 1, community_education: 1, civic_activation: 0 },
			participants: 0,
			volunteers: 0,
			partners: 0,
			needs_done: 1
		});
		// A1 held with 25 participants and 4 volunteers; closing its need N1 realises it.
		expect(after.achieved).toMatchObject({
			activities: 1,
			by_category: { community_animation: 1, community_education: 0, civic_activation: 0 },
			participants: 25,
			volunteers: 4,
			partners: 1,
			needs_done: 2
		});
		expect(after.needs_done.map((n) => n.title).sort()).toEqual(['Potrzeba N1', 'Potrzeba N3']);
		expect(after.previous).toMatchObject({
			year: fx.year - 1,
			activities: 1,
			participants: 12,
			volunteers: 3,
			partners: 1,
			needs_done: 0
		});
		expect(after.report?.manual_figures).toEqual([{ label: 'Koszty', value: 1200.5, unit: 'zł' }]);
	});

	it('the gmina plan counts every village; a sołectwo-less slug or a bad year is null', async () => {
		const { gmina, unknown, badYear } = await scenario(db, council, async (tx, fx) => ({
			gmina: await plan(tx, fx.year, 'gmina', 'gmina'),
			unknown: await plan(tx, fx.year, 'village', 'nie-ma'),
			badYear: await plan(tx, 1500, 'gmina', 'gmina')
		}));
		expect(gmina?.activities.map((a) => a.title)).toEqual([
			'A5 festyn',
			'A1 warsztaty',
			'A2 zebranie'
		]);
		expect(gmina?.achieved).toMatchObject({
			activities: 1,
			participants: 10,
			volunteers: 2,
			partners: 1
		});
		expect(gmina?.plan?.status).toBe('draft');
		expect(unknown).toBeNull();
		expect(badYear).toBeNull();
	});

	it('lists the 200 needs realised last, in date order, and counts them all', async () => {
		const doc = await scenario(db, council, async (tx, fx, owner) => {
			// 205 more needs of alfa realised this year, a minute apart, written as the owner.
			await owner.query('reset role');
			await owner.query(
				`with made as (
				   insert into public.needs (region_id, kind, category, title, point, status, locality_id)
				   select l.region_id, 'need', 'seniorzy', 'Zrealizowana ' || lpad(i::text, 3, '0'), l.point,
				     'done', l.id
				   from public.localities l, generate_series(1, 205) i where l.id = $1
				   returning id, title)
				 update public.need_events e set created_at = date_trunc('year', now()) + interval '1 day'
				   + substring(m.title from '[0-9]+$')::int * interval '1 minute'
				 from made m where e.need_id = m.id and e.status = 'done'`,
				[fx.alfa]
			);
			await enterRole(owner, council);
			return plan(tx, fx.year, 'village', 'alfa');
		});
		expect(doc?.achieved.needs_done).toBe(206);
		expect(doc?.needs_done).toHaveLength(200);
		const titles = doc?.needs_done.map((n) => n.title) ?? [];
		// Of the 206, the six realised first are left out, 001 to 005 among them; date order.
		for (const i of ['001', '002', '003', '004', '005'])
			expect(titles).not.toContain(`Zrealizowana ${i}`);
		expect(titles).toContain('Zrealizowana 205');
		const dates = doc?.needs_done.map((n) => Date.parse(n.done_at)) ?? [];
		expect(dates).toEqual([...dates].sort((a, b) => a - b));
	});

	it('the public reads published plans and reports only; council reads drafts', async () => {
		for (const who of [anon, resident]) {
			const r = await scenario(db, who, async (tx, fx) => ({
				alfa: await plan(tx, fx.year, 'village', 'alfa'),
				gmina: await plan(tx, fx.year, 'gmina', 'gmina'),
				index: (await tx.query<{ v: unknown[] }>('select public.plans_index($1) as v', [REGION]))[0]
					.v
			}));
			expect(r.alfa?.plan?.status).toBe('published');
			expect(r.alfa?.goals).toHaveLength(2);
			expect(r.alfa?.report).toBeNull();
			expect(r.gmina?.plan).toBeNull();
			expect(r.index).toEqual([expect.objectContaining({ scope: 'alfa', report_status: null })]);
		}
		const c = await scenario(db, council, async (tx, fx) => ({
			alfa: await plan(tx, fx.year, 'village', 'alfa'),
			gmina: await plan(tx, fx.year, 'gmina', 'gmina')
		}));
		expect(c.alfa?.report?.status).toBe('draft');
		expect(c.gmina?.plan?.body).toBe('Szkic gminy');
		// A published report of a draft plan stays hidden from the public.
		const hidden = await scenario(db, anon, async (tx, fx, owner) => {
			await tx.query("select set_config('role', 'none', true)");
			await tx.query(
				"update public.plan_reports set status = 'published', published_at = now() where plan_id = (select id from public.plans where scope = 'alfa' and year = $1 and region_id = (select id from public.regions where slug = $2))",
				[fx.year, REGION]
			);
			await tx.query(
				"update public.plans set status = 'draft', published_at = null where scope = 'alfa'"
			);
			await enterRole(owner, anon);
			return (await tx.query('select plan_id from public.plan_reports')).length;
		});
		expect(hidden).toBe(0);
	});

	it.each(EDITORS)(
		'%s saves, publishes and withdraws a plan and its report (audited)',
		async (_, who) => {
			const r = await scenario(db, who, async (tx, fx) => {
				await savePlan(tx, fx.year, 'beta', {
					body: 'Plan bety',
					targets: { participants: 30, community_animation: 1 },
					goals: [{ goal: 'interests', note: 'Zainteresowania', needs: [fx.n1] }]
				});
				await savePlan(tx, fx.year, 'beta', {}, 'published');
				await saveReport(
					tx,
					fx.year,
					'beta',
					{ body: 'Zrobiono', manual_figures: [{ label: 'Koszty', value: 500 }] },
					'published'
				);
				const doc = await plan(tx, fx.year, 'village', 'beta');
				await savePlan(tx, fx.year, 'beta', {}, 'draft');
				const withdrawn = await plan(tx, fx.year, 'village', 'beta');
				const audit = await tx.query<{ table_name: string }>(
					"select distinct table_name from public.audit_log where table_name like 'plan%' order by 1"
				);
				return { doc, withdrawn, audit: audit.map((a) => a.table_name) };
			});
			expect(r.doc?.plan).toMatchObject({ body: 'Plan bety', status: 'published' });
			expect(r.doc?.plan?.targets).toMatchObject({
				participants: 30,
				community_animation: 1,
				volunteers: null
			});
			expect(r.doc?.goals).toEqual([
				expect.objectContaining({
					goal: 'interests',
					note: 'Zainteresowania',
					needs: [expect.objectContaining({ title: 'Potrzeba N1' })]
				})
			]);
			expect(r.doc?.report).toMatchObject({ body: 'Zrobiono', status: 'published' });
			expect(r.withdrawn?.plan).toMatchObject({ status: 'draft', published_at: null });
			if (who === admin)
				expect(r.audit).toEqual(['plan_goal_needs', 'plan_goals', 'plan_reports', 'plans']);
		}
	);

	it.each(NON_EDITORS)('%s cannot write plans or reports', async (_, who) => {
		const r = await scenario(db, who, async (tx, fx) => ({
			save: await attempt(tx, () => savePlan(tx, fx.year, 'beta', { body: 'x' })),
			report: await attempt(tx, () => saveReport(tx, fx.year, 'alfa', { body: 'x' })),
			insert: await attempt(tx, () =>
				tx.query(
					"insert into public.plans (region_id, year, scope) select id, 2030, 'alfa' from public.regions where slug = $1",
					[REGION]
				)
			),
			// anon holds no UPDATE grant at all; signed-in non-editors find no row RLS lets them change.
			update: await attempt(tx, async () => {
				const rows = await tx.query(
					"update public.plans set body = 'x' where scope = 'alfa' returning id"
				);
				if (rows.length > 0) throw Object.assign(new Error('updated'), { code: 'updated' });
			})
		}));
		expect(r).toEqual({
			save: '42501',
			report: '42501',
			insert: '42501',
			update: who === anon ? '42501' : 'ok'
		});
	});

	it('refuses an unknown scope, a report without a plan and malformed hand-entered figures', async () => {
		const r = await scenario(db, organizer, async (tx, fx) => ({
			scope: await attempt(tx, () => savePlan(tx, fx.year, 'nie-ma', {})),
			noPlan: await attempt(tx, () => saveReport(tx, fx.year - 1, 'alfa', {})),
			figures: await attempt(tx, () =>
				saveReport(tx, fx.year, 'alfa', { manual_figures: [{ label: '', value: 'dużo' }] })
			),
			goal: await attempt(tx, () =>
				savePlan(tx, fx.year, 'alfa', { goals: [{ goal: 'nieznany' }] })
			)
		}));
		expect(r).toEqual({ scope: '22023', noPlan: 'MZ404', figures: '23514', goal: '23514' });
	});
});
