import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState } from './backends.ts';

// Staff account ids (created_by / updated_by) of rows that the public or residents may read are
// for staff only: anon and a signed-in resident without a staff role cannot select the column;
// organizers, council and admins read it through private.staff_author.

const { anon, resident, organizer, council, admin } = claims;
const AUTHOR = organizer.sub;

/** [table, column]: every public table holding a staff account id that non-staff can read rows of. */
const COLUMNS = [
	['needs', 'created_by'],
	['need_events', 'created_by'],
	['resources', 'created_by'],
	['activities', 'created_by'],
	['consultations', 'created_by'],
	['diagnoses', 'updated_by'],
	['legal_pages', 'updated_by']
] as const;
type Table = (typeof COLUMNS)[number][0];

class Rollback extends Error {}

/**
 * One rolled-back transaction: as the owner, a public row in every table written by AUTHOR (and
 * the admin's profile row), then `act` as `who` with the ids of those rows.
 */
async function scenario<T>(
	db: Database,
	who: Claims,
	act: (q: OwnerTx['query'], ids: Record<Table, string>) => Promise<T>
): Promise<T> {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			const one = async (sql: string, params: unknown[] = [AUTHOR]) =>
				(await tx.query<{ id: string }>(sql, params))[0].id;
			await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
			const region = "(select id from public.regions where slug = 'kramsk')";
			const point = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326)';
			const need = await one(
				`insert into public.needs (region_id, kind, category, title, point, status, created_by)
				 values (${region}, 'need', 'integracja', 'Ławka autora', ${point}, 'published', $1)
				 returning id::text`
			);
			const ids: Record<Table, string> = {
				needs: need,
				need_events: await one(
					`insert into public.need_events (need_id, status, is_public, created_by)
					 values ($2, 'in_analysis', true, $1) returning id::text`,
					[AUTHOR, need]
				),
				resources: await one(
					`insert into public.resources (region_id, category, name, point, status, created_by)
					 values (${region}, 'swietlica', 'Świetlica autora', ${point}, 'published', $1)
					 returning id::text`
				),
				activities: await one(
					`insert into public.activities (region_id, title, programme_category, published, created_by)
					 values (${region}, 'Spotkanie autora', 'community_animation', true, $1) returning id::text`
				),
				consultations: await one(
					`insert into public.consultations (region_id, code, question, starts_at, ends_at, created_by)
					 values (${region}, 'AUTH22', 'Czego brakuje?', now(), now() + interval '1 hour', $1)
					 returning id::text`
				),
				diagnoses: await one(
					`insert into public.diagnoses (region_id, scope, body, status, published_at, updated_by)
					 values (${region}, 'gmina', 'Opis', 'published', now(), $1) returning id::text`
				),
				// The stamp trigger sets updated_by from the claims' sub.
				legal_pages: await one(
					`with c as (select set_config('request.jwt.claims', json_build_object('sub', $1::text)::text, true))
					 update public.legal_pages set title = title from c where slug = 'rodo' and locale = 'pl'
					 returning id::text`
				)
			};
			await enterRole(tx, who);
			result = await act(tx.query, ids);
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

/** The SQLSTATE of one statement inside the scenario (a failed statement ends the transaction). */
async function attempt(db: Database, who: Claims, sql: (ids: Record<Table, string>) => string) {
	return scenario(db, who, (q, ids) => sqlState(q(sql(ids))));
}

describe.each(backends)('staff account ids on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	describe.each([
		['anon', anon],
		['resident', resident]
	])('%s', (_name, who) => {
		it.each(COLUMNS)('cannot read %s.%s, but reads the row', async (table, column) => {
			expect(await attempt(db, who, () => `select ${column} from public.${table}`)).toBe('42501');
			expect(await attempt(db, who, () => `select * from public.${table}`)).toBe('42501');
			const rows = await scenario(db, who, (q, ids) =>
				q<{ id: string }>(`select id::text from public.${table} where id::text = $1`, [ids[table]])
			);
			expect(rows).toHaveLength(1);
		});

		it.each(COLUMNS)('cannot call private.staff_author for %s', async (table) => {
			expect(
				await attempt(db, who, (ids) => `select private.staff_author('${table}', '${ids[table]}')`)
			).toBe('42501');
		});
	});

	describe.each([
		['organizer', organizer],
		['council', council],
		['admin', admin]
	])('%s', (_name, who) => {
		it('reads every author through private.staff_author', async () => {
			const authors = await scenario(db, who, async (q, ids) => {
				const out: Record<string, string | null> = {};
				for (const [table] of COLUMNS) {
					const [row] = await q<{ author: string | null }>(
						'select private.staff_author($1, $2)::text as author',
						[table, ids[table]]
					);
					out[table] = row.author;
				}
				return out;
			});
			expect(authors).toEqual(Object.fromEntries(COLUMNS.map(([table]) => [table, AUTHOR])));
		});
	});

	it('no other public table lets anon or a resident select a staff or user id column', async () => {
		// Tables whose rows only staff (or the row's own user) read under RLS may keep the column.
		const leaks = await db.asOwner((tx) =>
			tx.query<{ col: string }>(
				`select c.relname || '.' || a.attname as col
				 from pg_catalog.pg_attribute a
				 join pg_catalog.pg_class c on c.oid = a.attrelid
				 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm')
				   and a.attnum > 0 and not a.attisdropped
				   and (a.attname ~ '_by$' or a.attname in ('actor', 'user_id', 'author'))
				   and (has_column_privilege('anon', c.oid, a.attnum, 'SELECT')
				     or (has_column_privilege('authenticated', c.oid, a.attnum, 'SELECT')
				       and c.relname not in ('audit_log', 'need_supports')))
				 order by 1`
			)
		);
		expect(leaks).toEqual([]);
	});
});
