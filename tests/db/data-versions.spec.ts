import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState, tryAs, tryAsOwner } from './backends.ts';

// Data versions (supabase/migrations/20261205001500_data_versions.sql): a per-region number that
// any write to the watched tables moves, in the writer's transaction, and no read moves.

const { anon, organizer } = claims;

/** Every table whose writes must move the version; a new watched table is added here too. */
const WATCHED = [
	'activities',
	'activity_localities',
	'activity_needs',
	'activity_partners',
	'address_points',
	'consultation_snapshots',
	'consultations',
	'diagnoses',
	'localities',
	'need_categories',
	'need_events',
	'need_photos',
	'need_supports',
	'needs',
	'plan_goal_needs',
	'plan_goals',
	'plan_reports',
	'plans',
	'regions',
	'resource_categories',
	'resources',
	'solectwa',
	'solectwo_localities',
	'village_fund_allocations',
	'village_fund_assemblies',
	'village_fund_proposal_needs',
	'village_fund_proposals',
	'village_fund_settings',
	'village_fund_years'
];

const version = async (tx: Tx, region = 'kramsk') =>
	(await tx.query<{ v: string | null }>('select private.data_version($1)::text as v', [region]))[0]
		.v;

/** A column that an INSERT may name (not an identity or generated column). */
async function plainColumn(tx: Tx, table: string) {
	const rows = await tx.query<{ name: string }>(
		`select column_name as name from information_schema.columns
		 where table_schema = 'public' and table_name = $1 and is_identity = 'NO'
		   and is_generated = 'NEVER' and column_default is null
		 order by ordinal_position limit 1`,
		[table]
	);
	return rows[0]?.name ?? 'id';
}

describe.each(backends)('data versions on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('every watched table has one BEFORE … FOR EACH STATEMENT trigger on every write', async () => {
		const rows = await tryAsOwner(db, (tx) =>
			tx.query<{ table: string; type: number }>(
				`select c.relname as table, t.tgtype::int as type
				 from pg_trigger t join pg_class c on c.oid = t.tgrelid
				 where t.tgfoid = 'private.touch_data_version()'::regprocedure
				 order by c.relname`
			)
		);
		expect(rows.map((r) => r.table)).toEqual(WATCHED);
		// tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate.
		for (const r of rows)
			expect({ table: r.table, type: r.type }).toEqual({ table: r.table, type: 62 });
	});

	it.each(WATCHED)(
		'an insert, an update and a delete on %s each move the version',
		async (table) => {
			const moved: Record<string, boolean> = {};
			for (const [op, sql] of [
				[
					'insert',
					(c: string) =>
						`insert into public.${table} (${c}) select ${c} from public.${table} where false`
				],
				['update', (c: string) => `update public.${table} set ${c} = ${c} where false`],
				['delete', () => `delete from public.${table} where false`]
			] as const) {
				moved[op] = await tryAsOwner(db, async (tx) => {
					const before = await version(tx);
					await tx.query(sql(await plainColumn(tx, table)));
					return (await version(tx)) !== before;
				});
			}
			expect(moved).toEqual({ insert: true, update: true, delete: true });
		}
	);

	it('rows written, changed and deleted as the owner move it; each in its own transaction', async () => {
		const read = () => db.asUser(anon, (tx) => version(tx));
		const v0 = await read();
		const need = await db.asOwner(async (tx) => {
			const rows = await tx.query<{ id: string }>(
				`insert into public.needs (region_id, kind, category, title, point, status)
				 select r.id, 'need', 'seniorzy', 'Test wersji danych',
				   extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326), 'published'
				 from public.regions r where r.slug = 'kramsk' returning id::text as id`
			);
			return rows[0].id;
		});
		try {
			const v1 = await read();
			await db.asOwner((tx) =>
				tx.query("update public.needs set title = 'Test wersji danych 2' where id = $1", [need])
			);
			const v2 = await read();
			await db.asOwner((tx) => tx.query('delete from public.needs where id = $1', [need]));
			const v3 = await read();
			expect(new Set([v0, v1, v2, v3]).size).toBe(4);
		} finally {
			await db.asOwner((tx) => tx.query('delete from public.needs where id = $1', [need]));
		}
	});

	it('a write by a request role (an organizer through RLS) moves it too', async () => {
		const moved = await tryAs(db, organizer, async (tx) => {
			const before = await version(tx);
			await tx.query("select public.resource_save('kramsk', null, $1::text::jsonb)", [
				JSON.stringify({
					name: 'Test wersji danych',
					category: 'swietlica',
					lon: 18.4267,
					lat: 52.265,
					status: 'draft'
				})
			]);
			return (await version(tx)) !== before;
		});
		expect(moved).toBe(true);
	});

	it('reads do not move it: tables, the diagnosis, the consultation functions', async () => {
		const before = await db.asUser(anon, (tx) => version(tx));
		await db.asUser(anon, async (tx) => {
			await tx.query('select count(*) from public.needs');
			await tx.query('select count(*) from public.resources');
			await tx.query("select public.diagnosis('kramsk', 'gmina', 'gmina')");
			await tx.query("select public.diagnosis_features('kramsk', 'village', 'kramsk')");
			await tx.query("select public.consultation_by_code('kramsk', 'ABCDEF')");
		});
		await db.asUser(organizer, (tx) => tx.query("select public.diagnosis_scopes('kramsk')"));
		expect(await db.asUser(anon, (tx) => version(tx))).toBe(before);
	});

	it('moves once per transaction; a write rolled back to a savepoint does not count', async () => {
		const steps = await tryAsOwner(db, async (tx) => {
			const v0 = await version(tx);
			await tx.query('savepoint s');
			await tx.query('delete from public.needs where false');
			const inside = await version(tx);
			await tx.query('rollback to savepoint s');
			const afterRollback = await version(tx);
			await tx.query('delete from public.needs where false');
			const v1 = await version(tx);
			await tx.query('delete from public.resources where false');
			const v2 = await version(tx);
			return { v0, inside, afterRollback, v1, v2 };
		});
		expect(steps.inside).not.toBe(steps.v0);
		expect(steps.afterRollback).toBe(steps.v0);
		expect(steps.v1).not.toBe(steps.v0);
		expect(steps.v2).toBe(steps.v1);
	});

	it('anon reads the number through the function only; an unknown region has none', async () => {
		expect(await tryAs(db, anon, (tx) => version(tx))).toMatch(/^\d+$/);
		expect(await tryAs(db, anon, (tx) => version(tx, 'nie-ma-takiej'))).toBeNull();
		expect(
			await sqlState(tryAs(db, anon, (tx) => tx.query('select * from private.data_versions')))
		).toBe('42501');
		expect(
			await sqlState(
				tryAs(db, organizer, (tx) => tx.query('update private.data_versions set version = 1'))
			)
		).toBe('42501');
	});

	it.runIf(backend.name === 'postgres')(
		'another connection sees the new version only after the commit, with the data',
		async () => {
			let during: string | null = null;
			const before = await db.asUser(anon, (tx) => version(tx));
			await tryAsOwner(db, async (tx) => {
				await tx.query('delete from public.needs where false');
				during = await db.asUser(anon, (other) => version(other));
			});
			expect(during).toBe(before);
		}
	);
});
