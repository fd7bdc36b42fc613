import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState } from './backends.ts';
import { arrangeAlfaBeta, P } from './synthetic-region.ts';

// The village fund (ustawa o funduszu sołeckim, art. 3 and 5) on both backends, against figures
// worked out by hand from a gmina's published table (Gronowo Elbląskie, fund for 2018):
//   Wb = 19 886 293,57 zł, Lmg = 5 138  →  Kb = 19 886 293,57 / 5 138 = 3 870,4347… ≈ 3 870,43 zł
//   sołectwo "s-a" (village alfa), Lm = 77:    (2 + 0,77) × 3 870,43 = 10 721,0911 → 10 721,09 zł
//   sołectwo "s-b" (village beta), Lm = 1 550: (2 + 15,5) × 3 870,43 = 67 732,53 > 10 × Kb
//                                              → capped at 38 704,30 zł
// Needs: N1, N2 in alfa (published), N3 in beta (published).

const REGION = 'fundusz-test';
const YEAR = 2018;
const { anon, resident, organizer, council, admin } = claims;

interface Proposal {
	id: number;
	title: string;
	cost: number;
	status: string;
	needs: { ref: string; status: string }[];
}
interface Allocation {
	population: number;
	formula_amount: number;
	amount: number;
	override_reason: string | null;
	total: number;
	proposals: Proposal[];
}
interface Fund {
	base: { base_amount: number };
	solectwa: { slug: string; allocation: Allocation | null }[];
}

let needs: Record<string, string> = {};

async function arrange(tx: OwnerTx, established = true) {
	await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
	const { region, alfa, beta, one } = await arrangeAlfaBeta(tx, REGION, 'FT');
	for (const [slug, loc] of [
		['s-a', alfa],
		['s-b', beta]
	]) {
		const s = await one(
			`insert into public.solectwa (region_id, name, slug) values ($1, upper($2), $2) returning id::text as id`,
			[region, slug]
		);
		await tx.query(
			'insert into public.solectwo_localities (solectwo_id, locality_id) values ($1, $2)',
			[s, loc]
		);
	}
	const need = (title: string, x: number, y: number) =>
		one(
			`insert into public.needs (region_id, kind, category, title, point, status)
			 values ($1, 'need', 'integracja', $2, ${P('$3::integer', '$4::integer')}, 'published')
			 returning id::text as id`,
			[region, title, x, y]
		);
	needs = {
		n1: await need('Potrzeba N1', 1500, 5000),
		n2: await need('Potrzeba N2', 2500, 5000),
		n3: await need('Potrzeba N3', 8000, 2000)
	};
	await tx.query(
		'insert into public.village_fund_settings (region_id, established) values ($1, $2)',
		[region, established]
	);
	await tx.query(
		`insert into public.village_fund_years (region_id, year, current_revenue, gmina_population)
		 values ($1, $2, 19886293.57, 5138)`,
		[region, YEAR]
	);
	for (const [slug, population] of [
		['s-a', 77],
		['s-b', 1550]
	] as const)
		await tx.query(
			`insert into public.village_fund_allocations (region_id, year, solectwo_id, population, population_date)
			 select $1, $2, s.id, $4, make_date($2 - 1, 6, 30) from public.solectwa s
			 where s.region_id = $1 and s.slug = $3`,
			[region, YEAR, slug, population]
		);
}

class Rollback extends Error {}

/** Fixtures as the owner, then `act` as `who` (RLS applies), all rolled back. */
async function scenario<T>(
	db: Database,
	who: Claims,
	act: (tx: Tx) => Promise<T>,
	established = true
) {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			await arrange(tx, established);
			await enterRole(tx, who);
			result = await act({ query: tx.query });
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

const fund = async (tx: Tx, solectwo: string | null = null) =>
	(
		await tx.query<{ v: Fund | null }>('select public.village_fund($1, $2, $3) as v', [
			REGION,
			YEAR,
			solectwo
		])
	)[0].v;
const allocation = async (tx: Tx, slug: string) =>
	(await fund(tx, slug))?.solectwa.find((s) => s.slug === slug)?.allocation ?? null;

const proposal = (tx: Tx, solectwo: string, p: Record<string, unknown>) =>
	tx.query<{ v: { id: number } }>(
		'select public.save_village_fund_proposal($1, $2, $3, $4::text::jsonb) as v',
		[REGION, YEAR, solectwo, JSON.stringify({ justification: 'Służy mieszkańcom sołectwa.', ...p })]
	);
const assembly = (tx: Tx, solectwo: string, attendance = 30) =>
	tx.query('select public.save_village_fund_assembly($1, $2, $3, $4::text::jsonb)', [
		REGION,
		YEAR,
		solectwo,
		JSON.stringify({ held_on: `${YEAR - 1}-09-10`, attendance, initiator: 'soltys' })
	]);
const allocate = (tx: Tx, population: number, override: number | null, reason: string | null) =>
	tx.query('select public.save_village_fund_allocation($1, $2, $3, $4, $5, $6, $7)', [
		REGION,
		YEAR,
		's-a',
		population,
		`${YEAR - 1}-06-30`,
		override,
		reason
	]);
const failure = async (p: Promise<unknown>) => {
	try {
		await p;
		return null;
	} catch (e) {
		const { code, message, detail } = e as { code?: string; message?: string; detail?: string };
		return { code, message, detail };
	}
};

describe.each(backends)('village fund on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	}, 120_000);
	afterAll(async () => {
		await db?.close();
	});

	it('computes the amount by the statutory formula, capped at ten base amounts', async () => {
		const f = await scenario(db, anon, (tx) => fund(tx));
		expect(f?.base.base_amount).toBe(3870.43);
		const bySlug = Object.fromEntries(f!.solectwa.map((s) => [s.slug, s.allocation]));
		expect(bySlug['s-a']).toMatchObject({ formula_amount: 10721.09, amount: 10721.09 });
		expect(bySlug['s-b']).toMatchObject({ formula_amount: 38704.3, amount: 38704.3 });
		const direct = await scenario(db, anon, (tx) =>
			tx.query<{ a: string; b: string }>(
				'select public.village_fund_formula(282, 3870.43) as a, public.village_fund_formula(0, 100) as b'
			)
		);
		expect(direct[0]).toEqual({ a: '18655.47', b: '200.00' });
	});

	it('answers nothing while the region has not established the fund', async () => {
		expect(await scenario(db, anon, (tx) => fund(tx), false)).toBeNull();
		expect(await scenario(db, admin, (tx) => fund(tx), false)).toBeNull();
	});

	it('refuses proposals over the amount, from the function and from a direct write', async () => {
		const refused = await scenario(db, organizer, async (tx) => {
			await proposal(tx, 's-a', { title: 'Ławki przy świetlicy', cost: 6000 });
			return failure(proposal(tx, 's-a', { title: 'Festyn sołecki', cost: 5000 }));
		});
		expect(refused?.code).toBe('MZ422');
		expect(refused?.message).toBe('fund_over_amount');
		expect(JSON.parse(refused?.detail ?? '{}')).toEqual({ total: 11000, amount: 10721.09 });
		const direct = await scenario(db, organizer, (tx) =>
			failure(
				tx.query(
					`insert into public.village_fund_proposals (allocation_id, title, cost, justification)
					 select a.id, 'Za drogo', 10721.10, 'Uzasadnienie' from public.village_fund_allocations a
					 join public.solectwa s on s.id = a.solectwo_id where s.slug = 's-a'`
				)
			)
		);
		expect(direct?.message).toBe('fund_over_amount');
		// Exactly the amount is allowed; a rejected proposal no longer counts.
		const total = await scenario(db, organizer, async (tx) => {
			await proposal(tx, 's-a', { title: 'Cała kwota', cost: 10721.09 });
			await assembly(tx, 's-a');
			const { v } = (
				await proposal(tx, 's-a', {
					title: 'Odrzucone',
					cost: 500,
					status: 'rejected',
					votes_for: 1,
					votes_against: 20,
					votes_abstain: 2
				})
			)[0];
			return { id: v.id, a: await allocation(tx, 's-a') };
		});
		expect(total.a?.total).toBe(10721.09);
		expect(total.a?.proposals.map((p) => p.status)).toEqual(['draft', 'rejected']);
	});

	it('refuses lowering the amount under the proposals, and keeps an override with its reason', async () => {
		const lowered = await scenario(db, admin, async (tx) => {
			await proposal(tx, 's-a', { title: 'Plac zabaw', cost: 10000 });
			return failure(allocate(tx, 50, null, null));
		});
		expect(lowered?.message).toBe('fund_over_amount');
		const overridden = await scenario(db, admin, async (tx) => {
			await allocate(tx, 77, 12000, 'Uchwała rady gminy podwyższająca środki');
			const a = await allocation(tx, 's-a');
			const audit = await tx.query<{ n: number }>(
				`select count(*)::int as n from public.audit_log
				 where table_name = 'village_fund_allocations' and action = 'update'`
			);
			return { a, audited: audit[0].n };
		});
		expect(overridden.a).toMatchObject({
			formula_amount: 10721.09,
			amount: 12000,
			override_reason: 'Uchwała rady gminy podwyższająca środki'
		});
		expect(overridden.audited).toBe(1);
		expect(await scenario(db, admin, (tx) => sqlState(allocate(tx, 77, 12000, null)))).toBe(
			'23514'
		);
	});

	it('lets only admins set the switch, the base amount and the residents', async () => {
		const settings = (tx: Tx) =>
			tx.query('select public.save_village_fund_settings($1, true, $2)', [REGION, 'Uchwała']);
		const year = (tx: Tx) =>
			tx.query('select public.save_village_fund_year($1, $2, 1000000, 1000, null)', [
				REGION,
				YEAR + 1
			]);
		for (const who of [anon, resident, organizer, council])
			for (const write of [settings, year, (tx: Tx) => allocate(tx, 80, null, null)])
				expect(await scenario(db, who, (tx) => sqlState(write(tx)))).toBe('42501');
		for (const write of [settings, year, (tx: Tx) => allocate(tx, 80, null, null)])
			expect(await scenario(db, admin, (tx) => sqlState(write(tx)))).toBe('ok');
	});

	it('lets organizers and admins write proposals and the assembly; shows drafts to staff only', async () => {
		const write = (tx: Tx) => proposal(tx, 's-a', { title: 'Ławki', cost: 1000 });
		for (const who of [anon, resident, council])
			expect(await scenario(db, who, (tx) => sqlState(write(tx)))).toBe('42501');
		for (const who of [anon, resident, council])
			expect(await scenario(db, who, (tx) => sqlState(assembly(tx, 's-a')))).toBe('42501');
		for (const who of [organizer, admin]) {
			expect(await scenario(db, who, (tx) => sqlState(write(tx)))).toBe('ok');
			expect(await scenario(db, who, (tx) => sqlState(assembly(tx, 's-a')))).toBe('ok');
		}
		const seen = async (who: Claims) => {
			let count = -1;
			await db
				.asOwner(async (tx) => {
					await arrange(tx);
					await enterRole(tx, organizer);
					await write({ query: tx.query });
					await tx.query('reset role');
					await enterRole(tx, who);
					count = (await allocation({ query: tx.query }, 's-a'))?.proposals.length ?? -1;
					throw new Rollback();
				})
				.catch((e) => {
					if (!(e instanceof Rollback)) throw e;
				});
			return count;
		};
		expect(await seen(anon)).toBe(0);
		expect(await seen(resident)).toBe(0);
		expect(await seen(council)).toBe(1);
	});

	it('moves funded needs to planned and done with the public note, through the status workflow', async () => {
		const result = await scenario(db, organizer, async (tx) => {
			const { v } = (
				await proposal(tx, 's-a', { title: 'Ławki', cost: 3000, need_ids: [needs.n1] })
			)[0];
			const draft = await tx.query<{ status: string }>(
				'select status from public.needs where id = $1',
				[needs.n1]
			);
			await assembly(tx, 's-a');
			const votes = { votes_for: 20, votes_against: 3, votes_abstain: 2 };
			await proposal(tx, 's-a', {
				id: v.id,
				title: 'Ławki',
				cost: 3000,
				need_ids: [needs.n1],
				status: 'adopted',
				...votes
			});
			const planned = await tx.query<{ status: string; note: string; is_public: boolean }>(
				'select status, note, is_public from public.need_events where need_id = $1 order by id desc limit 1',
				[needs.n1]
			);
			await proposal(tx, 's-a', {
				id: v.id,
				title: 'Ławki',
				cost: 3000,
				need_ids: [needs.n1],
				status: 'done',
				outcome: 'Stoją.',
				...votes
			});
			const done = await tx.query<{ status: string; note: string }>(
				'select status, note from public.need_events where need_id = $1 order by id desc limit 1',
				[needs.n1]
			);
			return { draft: draft[0].status, planned: planned[0], done: done[0] };
		});
		expect(result.draft).toBe('published');
		expect(result.planned).toEqual({
			status: 'planned',
			note: `z funduszu sołeckiego na rok ${YEAR}`,
			is_public: true
		});
		expect(result.done).toEqual({ status: 'done', note: `z funduszu sołeckiego na rok ${YEAR}` });
	});

	it('refuses a need of another sołectwo, votes without an assembly and votes over the attendance', async () => {
		const outside = await scenario(db, organizer, (tx) =>
			failure(proposal(tx, 's-a', { title: 'Ławki', cost: 100, need_ids: [needs.n3] }))
		);
		expect(outside?.message).toBe('fund_need_outside');
		const adopted = { status: 'adopted', votes_for: 10, votes_against: 0, votes_abstain: 0 };
		const noAssembly = await scenario(db, organizer, (tx) =>
			failure(proposal(tx, 's-a', { title: 'Ławki', cost: 100, ...adopted }))
		);
		expect(noAssembly?.message).toBe('fund_assembly_missing');
		const over = await scenario(db, organizer, async (tx) => {
			await assembly(tx, 's-a', 9);
			return failure(proposal(tx, 's-a', { title: 'Ławki', cost: 100, ...adopted }));
		});
		expect(over?.message).toBe('fund_votes_over_attendance');
	});
});
