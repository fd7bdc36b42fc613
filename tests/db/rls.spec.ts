import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState, tryAs, tryAsOwner } from './backends.ts';

// Every table in `public`; the structural test fails when a table is added without cases here.
const TABLES = [
	'regions',
	'localities',
	'solectwa',
	'solectwo_localities',
	'address_points',
	'resource_categories',
	'need_categories',
	'resources',
	'needs',
	'need_contacts',
	'need_supports',
	'activities',
	'activity_needs',
	'profiles',
	'need_photos',
	'need_events',
	'audit_log',
	'activity_localities',
	'mail_outbox',
	'activity_partners',
	'activity_volunteers',
	'abuse_reports',
	'diagnoses',
	'legal_pages',
	'consultations',
	'consultation_snapshots',
	// Allow and deny per role for these: tests/db/comments.spec.ts.
	'comment_settings',
	'need_comments',
	// Allow and deny per role: tests/db/need-counts.spec.ts.
	'locality_need_counts',
	// Allow and deny per role: tests/db/need-tallies.spec.ts.
	'locality_need_tallies',
	'locality_need_months',
	'locality_need_cells',
	'need_tile_cells',
	// Allow and deny per role: tests/db/plans.spec.ts.
	'plans',
	'plan_goals',
	'plan_goal_needs',
	'plan_reports',
	// Allow and deny per role: tests/db/village-fund.spec.ts.
	'village_fund_settings',
	'village_fund_years',
	'village_fund_allocations',
	'village_fund_assemblies',
	'village_fund_proposals',
	'village_fund_proposal_needs'
];

/** Institutional contact of a resource is public by design; no person's is. */
const PUBLIC_INSTITUTIONAL_CONTACT = ['resources.contact_email', 'resources.contact_phone'];

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const IN_LODZ = 'extensions.st_setsrid(extensions.st_makepoint(19.4560, 51.7590), 4326)';
const OTHER_USER = '00000000-0000-4000-8000-0000000000ff';
const { anon, resident, organizer, council, admin } = claims;

/** Rows every scenario starts from, created as the owner inside the transaction that is rolled back. */
async function arrange(tx: OwnerTx) {
	const id = async (sql: string, params: unknown[]) =>
		(await tx.query<{ id: string }>(sql, params))[0].id;
	const [{ id: region }] = await tx.query<{ id: string }>(
		"select id::text as id from public.regions where slug = 'kramsk'"
	);
	const resource = (name: string, status: string) =>
		id(
			`insert into public.resources (region_id, category, name, point, status) values ($1, 'osp', $2, ${IN_KRAMSK}, $3) returning id::text as id`,
			[region, name, status]
		);
	const need = (title: string, status: string, createdBy: string | undefined) =>
		id(
			`insert into public.needs (region_id, kind, category, title, point, status, created_by)
			 values ($1, 'need', 'seniorzy', $2, ${IN_KRAMSK}, $3, $4) returning id::text as id`,
			[region, title, status, createdBy ?? null]
		);
	const activity = (title: string, published: boolean) =>
		id(
			"insert into public.activities (region_id, title, programme_category, published) values ($1, $2, 'community_animation', $3) returning id::text as id",
			[region, title, published]
		);
	const fx = {
		region,
		resPublished: await resource('RLS zasób opublikowany', 'published'),
		resDraft: await resource('RLS zasób roboczy', 'draft'),
		needMine: await need('RLS zgłoszenie mieszkańca', 'new', resident.sub),
		needOther: await need('RLS zgłoszenie innej osoby', 'new', OTHER_USER),
		needPublished: await need('RLS potrzeba opublikowana', 'published', OTHER_USER),
		actPublished: await activity('RLS działanie opublikowane', true),
		actDraft: await activity('RLS działanie robocze', false)
	};
	await tx.query(
		"insert into public.need_contacts (need_id, email, consent_text) values ($1, 'a@example.org', 'zgoda')",
		[fx.needOther]
	);
	await tx.query('insert into public.need_supports (need_id, user_id) values ($1, $2)', [
		fx.needPublished,
		OTHER_USER
	]);
	await tx.query(
		'insert into public.activity_needs (activity_id, need_id) values ($1, $2), ($1, $3), ($4, $2)',
		[fx.actPublished, fx.needPublished, fx.needMine, fx.actDraft]
	);
	// The admin's role comes from a profile (the JWT has none); the council member also has one.
	await tx.query("insert into public.profiles (id, role) values ($1, 'admin'), ($2, 'council')", [
		admin.sub,
		council.sub
	]);
	return fx;
}
type Fx = Awaited<ReturnType<typeof arrange>>;
type Become = (who: Claims | 'owner') => Promise<void>;

class Rollback extends Error {}

/**
 * One transaction, rolled back: fixtures as the owner, then `act` as `who` with the same
 * set_config calls as a request, so RLS decides. `become` switches role mid-way (e.g. to check as
 * the owner what an anon insert stored). Nothing is committed, so the shared PostgreSQL stays clean.
 */
async function scenario<T>(
	db: Database,
	who: Claims,
	act: (tx: Tx, fx: Fx, become: Become) => Promise<T>
): Promise<T> {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			const fx = await arrange(tx);
			const become: Become = async (w) => {
				if (w !== 'owner') return enterRole(tx, w);
				const [{ role }] = await tx.query<{ role: string }>(
					"select set_config('role', 'none', true), current_user as role"
				);
				if (role === 'anon' || role === 'authenticated') throw new Error(`still ${role}`);
			};
			await become(who);
			result = await act({ query: tx.query }, fx, become);
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

describe.each(backends)('RLS on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	type Params = (fx: Fx) => unknown[];
	const rows = <T = Record<string, unknown>>(who: Claims, sql: string, params: Params = () => []) =>
		scenario(db, who, (tx, fx) => tx.query<T>(sql, params(fx)));
	const attempt = (who: Claims, sql: string, params?: Params) => sqlState(rows(who, sql, params));
	/** Fixture names of the rows `who` sees (rows from outside the fixtures are ignored). */
	const seen = (who: Claims, sql: string) =>
		scenario(db, who, async (tx, fx) => {
			const names = new Map(Object.entries(fx).map(([k, v]) => [v, k]));
			const found = await tx.query<{ a: string; b?: string }>(sql);
			return found
				.map((r) => [r.a, r.b].filter((x) => x !== undefined).map((x) => names.get(x) ?? '?'))
				.filter((n) => !n.includes('?'))
				.map((n) => n.join('+'))
				.sort();
		});

	describe('structure', () => {
		it('every table in public has RLS enabled, and the list of tables is the one covered here', async () => {
			const tables = await tryAsOwner(db, (tx) =>
				tx.query<{ name: string; rls: boolean }>(
					`select c.relname as name, c.relrowsecurity as rls from pg_class c join pg_namespace n on n.oid = c.relnamespace
					 where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`
				)
			);
			expect(tables.filter((t) => !t.rls).map((t) => t.name)).toEqual([]);
			expect(tables.map((t) => t.name).sort()).toEqual([...TABLES].sort());
		});

		it('anon has SELECT on no contact-like column in public, and no privilege at all on need_contacts', async () => {
			const cols = await tryAsOwner(db, (tx) =>
				tx.query<{ col: string; anon: boolean }>(
					`select c.relname || '.' || a.attname as col, has_column_privilege('anon', c.oid, a.attname, 'SELECT') as anon
					 from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
					 where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped
					   and (a.attname ~* '(email|phone|telefon|tel|contact|kontakt)' or c.relname ~* '(contact|kontakt)')`
				)
			);
			expect(cols.map((c) => c.col)).toEqual(
				expect.arrayContaining(['need_contacts.email', 'need_contacts.phone'])
			);
			expect(
				cols
					.filter((c) => c.anon && !PUBLIC_INSTITUTIONAL_CONTACT.includes(c.col))
					.map((c) => c.col)
			).toEqual([]);
			const [p] = await tryAsOwner(db, (tx) =>
				tx.query<Record<string, boolean>>(
					`select has_column_privilege('anon', 'public.need_contacts', 'email', 'SELECT') as anon_email,
					        has_column_privilege('anon', 'public.need_contacts', 'phone', 'SELECT') as anon_phone,
					        has_table_privilege('anon', 'public.need_contacts', 'SELECT, INSERT, UPDATE, DELETE') as anon_any,
					        has_column_privilege('authenticated', 'public.need_contacts', 'email', 'SELECT') as auth_email`
				)
			);
			expect(p).toEqual({
				anon_email: false,
				anon_phone: false,
				anon_any: false,
				auth_email: true
			});
		});

		it('anon has no INSERT privilege on resources, and an insert fails with 42501', async () => {
			const [p] = await tryAsOwner(db, (tx) =>
				tx.query<{ insert: boolean }>(
					"select has_table_privilege('anon', 'public.resources', 'INSERT') or has_any_column_privilege('anon', 'public.resources', 'INSERT') as insert"
				)
			);
			expect(p.insert).toBe(false);
			const insert = `insert into public.resources (region_id, category, name, point) values ($1, 'osp', 'Remiza', ${IN_KRAMSK})`;
			expect(await attempt(anon, insert, (fx) => [fx.region])).toBe('42501');
			expect(await attempt(organizer, insert, (fx) => [fx.region])).toBe('ok');
		});

		it('scenarios leave nothing behind (the PostgreSQL test database is shared between files)', async () => {
			expect(
				await rows(admin, 'select id from public.profiles where id = $1', () => [admin.sub])
			).toHaveLength(1);
			const [left] = await tryAsOwner(db, (tx) =>
				tx.query<{ n: number }>(
					`select ((select count(*) from public.profiles where id in ($1, $2))
					  + (select count(*) from public.resources where name like 'RLS %'))::int as n`,
					[admin.sub, council.sub]
				)
			);
			expect(left.n).toBe(0);
		});
	});

	describe('geography and categories', () => {
		it.each([
			['anon', anon],
			['resident', resident]
		])('%s reads the geography and both category lists', async (_, who) => {
			const [counts] = await tryAs(db, who, (tx) =>
				tx.query(`
					with r as (select id from public.regions where slug = 'kramsk')
					select (select count(*) from r)::int as regions,
					  (select count(*) from public.localities where region_id in (select id from r))::int as localities,
					  (select count(*) from public.address_points p join public.localities l on l.id = p.locality_id
					     where l.region_id in (select id from r))::int as address_points,
					  (select count(*) from public.solectwa where region_id in (select id from r))::int as solectwa,
					  (select count(*) from public.solectwo_localities sl join public.solectwa s on s.id = sl.solectwo_id
					     where s.region_id in (select id from r))::int as solectwo_localities,
					  (select count(*) from public.resource_categories)::int as resource_categories,
					  (select count(*) from public.need_categories)::int as need_categories`)
			);
			expect(counts).toEqual({
				regions: 1,
				localities: 65,
				address_points: 3829,
				solectwa: 13,
				solectwo_localities: 19,
				resource_categories: 16,
				need_categories: 12
			});
		});

		type Outcome = 'denied' | 'no rows' | 'ok';
		interface OpenTable {
			table: string;
			insert: string;
			set: string;
			where: string;
			organizer: [Outcome, Outcome, Outcome];
		}
		const none: OpenTable['organizer'] = ['denied', 'no rows', 'no rows'];
		const openData: OpenTable[] = [
			{
				table: 'regions',
				insert:
					"(slug, name, boundary) select 'rls-test', 'Test', boundary from public.regions where slug = 'kramsk'",
				set: 'name = name',
				where: "slug = 'kramsk'",
				organizer: none
			},
			{
				table: 'localities',
				insert:
					"(region_id, name, slug, point, point_source) select region_id, 'Test', 'rls-test', point, 'test' from public.localities where slug = 'kramsk'",
				set: 'source = source',
				where: "slug = 'kramsk'",
				organizer: none
			},
			// Region administration is admin-only (tests/db/region-admin.spec.ts).
			{
				table: 'solectwa',
				insert:
					"(region_id, name, slug) select id, 'Test', 'rls-test' from public.regions where slug = 'kramsk'",
				set: 'notes = notes',
				where: "slug = 'patrzykow'",
				organizer: none
			},
			{
				table: 'solectwo_localities',
				insert:
					"(solectwo_id, locality_id) select s.id, l.id from public.solectwa s, public.localities l where l.slug = 'biechowy' order by s.id limit 1",
				set: 'locality_id = locality_id',
				where: "locality_id in (select id from public.localities where slug = 'kramsk')",
				organizer: none
			},
			{
				table: 'address_points',
				insert:
					"(locality_id, housenumber, point, label) select id, '999', point, 'Test 999' from public.localities where slug = 'kramsk'",
				set: 'label = label',
				where: "label = 'Kramsk, Pogorzelna 6'",
				organizer: none
			},
			{
				table: 'resource_categories',
				insert: "(slug, label_pl, label_en, color) values ('rls-test', 'Test', 'Test', '#000000')",
				set: 'sort = sort',
				where: "slug = 'kgw'",
				organizer: none
			},
			{
				table: 'need_categories',
				insert: "(slug, label_pl, label_en, color) values ('rls-test', 'Test', 'Test', '#000000')",
				set: 'sort = sort',
				where: "slug = 'transport'",
				organizer: none
			}
		];
		/** Insert, update and delete as `who`, each in its own transaction. */
		const writes = async (who: Claims, t: OpenTable) => {
			const out: string[] = [];
			for (const sql of [
				`insert into public.${t.table} ${t.insert} returning 1 as n`,
				`update public.${t.table} set ${t.set} where ${t.where} returning 1 as n`,
				`delete from public.${t.table} where ${t.where} returning 1 as n`
			]) {
				const state = await sqlState(
					rows(who, sql).then((r) => out.push(r.length > 0 ? 'ok' : 'no rows'))
				);
				if (state !== 'ok') out.push(state === '42501' ? 'denied' : state);
			}
			return out;
		};

		it.each(openData.map((t) => [t.table, t] as const))(
			'anon cannot insert, update or delete %s (42501)',
			async (_, t) => {
				expect(await writes(anon, t)).toEqual(['denied', 'denied', 'denied']);
			}
		);

		it.each(openData.map((t) => [t.table, t] as const))(
			'%s: resident and council are refused, organizer per policy, admin writes',
			async (_, t) => {
				expect(await writes(resident, t)).toEqual(['denied', 'no rows', 'no rows']);
				expect(await writes(council, t)).toEqual(['denied', 'no rows', 'no rows']);
				expect(await writes(organizer, t)).toEqual(t.organizer);
				expect(await writes(admin, t)).toEqual(['ok', 'ok', 'ok']);
			}
		);
	});

	describe('resources', () => {
		const all = 'select id::text as a from public.resources';
		const insert = `insert into public.resources (region_id, category, name, point) values ($1, 'osp', 'Remiza', ${IN_KRAMSK}) returning locality_id`;
		const update = "update public.resources set status = 'published' where id = $1 returning id";

		it('anon and resident see only published resources; council, organizer and admin also drafts', async () => {
			expect(await seen(anon, all)).toEqual(['resPublished']);
			expect(await seen(resident, all)).toEqual(['resPublished']);
			for (const who of [council, organizer, admin])
				expect(await seen(who, all)).toEqual(['resDraft', 'resPublished']);
		});

		it('only organizers and admins insert (the trigger assigns a locality)', async () => {
			const [row] = await rows<{ locality_id: unknown }>(organizer, insert, (fx) => [fx.region]);
			expect(row.locality_id).not.toBeNull();
			expect(await attempt(admin, insert, (fx) => [fx.region])).toBe('ok');
			expect(await attempt(council, insert, (fx) => [fx.region])).toBe('42501');
			expect(await attempt(resident, insert, (fx) => [fx.region])).toBe('42501');
		});

		it('anon cannot update or delete; council and resident update 0 rows; organizer updates and deletes', async () => {
			expect(await attempt(anon, update, (fx) => [fx.resDraft])).toBe('42501');
			expect(await attempt(anon, 'delete from public.resources')).toBe('42501');
			expect(await rows(council, update, (fx) => [fx.resDraft])).toEqual([]);
			expect(await rows(resident, update, (fx) => [fx.resPublished])).toEqual([]);
			expect(
				await rows(council, 'delete from public.resources where id = $1 returning id', (fx) => [
					fx.resDraft
				])
			).toEqual([]);
			expect(await rows(organizer, update, (fx) => [fx.resDraft])).toHaveLength(1);
			expect(
				await rows(organizer, 'delete from public.resources where id = $1 returning id', (fx) => [
					fx.resDraft
				])
			).toHaveLength(1);
		});

		it('a point outside the gmina is refused (23514)', async () => {
			await expect(
				rows(organizer, `update public.resources set point = ${IN_LODZ} where id = $1`, (fx) => [
					fx.resDraft
				])
			).rejects.toMatchObject({ code: '23514', message: 'point_outside_region' });
		});
	});

	describe('needs', () => {
		const all = 'select id::text as a from public.needs';
		const report = (extra = '', value = '') =>
			`insert into public.needs (region_id, kind, category, title, description, point${extra})
			 values ($1, 'need', 'seniorzy', 'Ławka przy przystanku', 'Brak ławki', ${IN_KRAMSK}${value})`;

		it('anon cannot insert a need directly: reports go through private.submit_need (42501)', async () => {
			expect(await attempt(anon, report(), (fx) => [fx.region])).toBe('42501');
			expect(await attempt(anon, `${report()} returning id`, (fx) => [fx.region])).toBe('42501');
		});

		it.each([
			['status', "'published'"],
			['status', "'new'"],
			['ref', "'KR-2026-9999'"],
			['support_count', '5'],
			['created_by', `'${OTHER_USER}'`],
			['entered_by_organizer', 'true'],
			['is_demo', 'true']
		])('anon cannot set %s (42501)', async (column, value) => {
			expect(await attempt(anon, report(`, ${column}`, `, ${value}`), (fx) => [fx.region])).toBe(
				'42501'
			);
		});

		it('anon may insert, update or delete no column of needs', async () => {
			const [p] = await tryAsOwner(db, (tx) =>
				tx.query<{ insert: string[]; other: boolean }>(
					`select array_agg(a.attname::text order by a.attname)
					          filter (where has_column_privilege('anon', a.attrelid, a.attname, 'INSERT')) as insert,
					        has_table_privilege('anon', 'public.needs', 'UPDATE, DELETE')
					          or has_any_column_privilege('anon', 'public.needs', 'UPDATE') as other
					 from pg_attribute a where a.attrelid = 'public.needs'::regclass and a.attnum > 0 and not a.attisdropped`
				)
			);
			expect(p).toEqual({ insert: null, other: false });
		});

		it('no request chooses a ref or sets counters: even an organizer cannot block later reports', async () => {
			// A chosen future ref used to collide with the counter and fail every later report.
			const year = new Date().getUTCFullYear();
			const chosen = report(', ref', `, 'KR-${year}-0001'`);
			expect(await attempt(organizer, chosen, (fx) => [fx.region])).toBe('42501');
			const counts = report(', support_count', ', 50');
			expect(await attempt(organizer, counts, (fx) => [fx.region])).toBe('42501');
			const refs = await scenario(db, organizer, async (tx, fx, become) => {
				await tx.query(report(), [fx.region]);
				await tx.query(report(), [fx.region]);
				await become('owner');
				const found = await tx.query<{ ref: string }>(
					"select ref from public.needs where title = 'Ławka przy przystanku' order by ref"
				);
				return found.map((r) => r.ref);
			});
			expect(refs).toHaveLength(2);
			expect(new Set(refs).size).toBe(2);
		});

		it('anon cannot read account ids (created_by) of needs, resources or activities', async () => {
			const [p] = await tryAsOwner(db, (tx) =>
				tx.query<{ readable: string[] | null }>(
					`select array_agg(c.relname || '.' || a.attname) as readable
					 from pg_attribute a join pg_class c on c.oid = a.attrelid
					 join pg_namespace n on n.oid = c.relnamespace
					 where n.nspname = 'public' and a.attname = 'created_by' and a.attnum > 0
					   and has_column_privilege('anon', a.attrelid, a.attname, 'SELECT')`
				)
			);
			expect(p.readable).toBeNull();
			expect(await attempt(anon, 'select created_by from public.needs')).toBe('42501');
		});

		it('anon sees only public needs and cannot update or delete', async () => {
			expect(await seen(anon, all)).toEqual(['needPublished']);
			expect(await attempt(anon, "update public.needs set status = 'published'")).toBe('42501');
			expect(await attempt(anon, 'delete from public.needs')).toBe('42501');
		});

		it('a resident sees own unpublished need, not others’, and inserts no need directly (42501)', async () => {
			expect(await seen(resident, all)).toEqual(['needMine', 'needPublished']);
			const mine = `${report(', created_by', ', $2')} returning id`;
			expect(await attempt(resident, mine, (fx) => [fx.region, resident.sub])).toBe('42501');
			expect(await attempt(resident, mine, (fx) => [fx.region, OTHER_USER])).toBe('42501');
			expect(await attempt(resident, report(), (fx) => [fx.region])).toBe('42501');
			const published = report(', created_by, status', ", $2, 'published'");
			expect(await attempt(resident, published, (fx) => [fx.region, resident.sub])).toBe('42501');
		});

		it('a resident cannot update or delete even their own need (0 rows)', async () => {
			const own = (fx: Fx) => [fx.needMine];
			expect(
				await rows(
					resident,
					"update public.needs set title = 'Zmienione' where id = $1 returning id",
					own
				)
			).toEqual([]);
			expect(
				await rows(resident, 'delete from public.needs where id = $1 returning id', own)
			).toEqual([]);
		});

		it('an organizer publishes a need and anon then sees it; council only reads', async () => {
			const anonAfter = await scenario(db, organizer, async (tx, fx, become) => {
				const done = await tx.query(
					"update public.needs set status = 'published' where id = $1 returning status",
					[fx.needMine]
				);
				expect(done).toEqual([{ status: 'published' }]);
				await become(anon);
				return (
					await tx.query<{ id: string }>('select id::text as id from public.needs where id = $1', [
						fx.needMine
					])
				).length;
			});
			expect(anonAfter).toBe(1);
			expect(await seen(organizer, all)).toEqual(['needMine', 'needOther', 'needPublished']);
			expect(await seen(council, all)).toEqual(['needMine', 'needOther', 'needPublished']);
			const publish = "update public.needs set status = 'published' where id = $1 returning id";
			expect(await rows(council, publish, (fx) => [fx.needOther])).toEqual([]);
		});

		it('only an admin deletes a need', async () => {
			const del = 'delete from public.needs where id = $1 returning id';
			for (const who of [resident, council, organizer])
				expect(await rows(who, del, (fx) => [fx.needPublished])).toEqual([]);
			expect(await rows(admin, del, (fx) => [fx.needPublished])).toHaveLength(1);
		});

		it('a point outside the gmina is refused with point_outside_region (23514)', async () => {
			const outside = report().replace(IN_KRAMSK, IN_LODZ);
			await expect(rows(organizer, outside, (fx) => [fx.region])).rejects.toMatchObject({
				code: '23514',
				message: 'point_outside_region'
			});
		});
	});

	describe('need_contacts', () => {
		const read = 'select need_id::text as need_id, email from public.need_contacts';
		const insert =
			"insert into public.need_contacts (need_id, phone, consent_text) values ($1, '600100200', 'zgoda')";

		it('anon has no access at all (42501)', async () => {
			expect(await attempt(anon, read)).toBe('42501');
			expect(await attempt(anon, insert, (fx) => [fx.needMine])).toBe('42501');
		});

		it('resident and council see no contact; organizer and admin see it', async () => {
			expect(await rows(resident, read)).toEqual([]);
			expect(await rows(council, read)).toEqual([]);
			for (const who of [organizer, admin]) {
				const found = await scenario(db, who, async (tx, fx) => ({
					fx,
					found: await tx.query(read)
				}));
				expect(found.found).toEqual([{ need_id: found.fx.needOther, email: 'a@example.org' }]);
			}
		});

		it('only organizers write contacts', async () => {
			expect(await attempt(resident, insert, (fx) => [fx.needMine])).toBe('42501');
			expect(await attempt(council, insert, (fx) => [fx.needMine])).toBe('42501');
			expect(await attempt(organizer, insert, (fx) => [fx.needMine])).toBe('ok');
			const wipe = "update public.need_contacts set email = 'x@example.org' returning need_id";
			expect(await rows(resident, wipe)).toEqual([]);
			expect(await rows(resident, 'delete from public.need_contacts returning need_id')).toEqual(
				[]
			);
			expect(await rows(organizer, wipe)).toHaveLength(1);
		});
	});

	describe('need_photos and need_events', () => {
		const addPhotos = async (tx: Tx, fx: Fx, become: Become) => {
			await become('owner');
			await tx.query(
				`insert into public.need_photos (need_id, storage_key, width, height, bytes, hidden) values
				 ($1, 'needs/2026/aaaaaaaaaaaaaaaaaaaaaa.jpg', 10, 10, 1, false),
				 ($2, 'needs/2026/bbbbbbbbbbbbbbbbbbbbbb.jpg', 10, 10, 1, false)`,
				[fx.needPublished, fx.needMine]
			);
		};
		const photosSeenBy = (who: Claims) =>
			scenario(db, organizer, async (tx, fx, become) => {
				await addPhotos(tx, fx, become);
				await become(who);
				const found = await tx.query<{ need_id: string }>(
					'select need_id::text from public.need_photos'
				);
				const names = new Map(Object.entries(fx).map(([k, v]) => [v, k]));
				return found.map((r) => names.get(r.need_id)).sort();
			});

		it('photos of unpublished needs are never public; staff see all', async () => {
			expect(await photosSeenBy(anon)).toEqual(['needPublished']);
			expect(await photosSeenBy(resident)).toEqual(['needPublished']);
			expect(await photosSeenBy(council)).toEqual(['needMine', 'needPublished']);
		});

		it('a hidden photo disappears publicly; only editors hide, nobody else writes', async () => {
			const hidden = await scenario(db, organizer, async (tx, fx, become) => {
				await addPhotos(tx, fx, become);
				await become(organizer);
				const updated = await tx.query(
					'update public.need_photos set hidden = true returning need_id'
				);
				await become(anon);
				const visible = await tx.query('select need_id from public.need_photos');
				return { updated: updated.length, visible: visible.length };
			});
			expect(hidden).toEqual({ updated: 2, visible: 0 });
			const byCouncil = await scenario(db, organizer, async (tx, fx, become) => {
				await addPhotos(tx, fx, become);
				await become(council);
				return (await tx.query('update public.need_photos set hidden = true returning need_id'))
					.length;
			});
			expect(byCouncil).toBe(0);
			const insert =
				"insert into public.need_photos (need_id, storage_key, width, height, bytes) values ($1, 'needs/2026/cccccccccccccccccccccc.jpg', 1, 1, 1)";
			expect(await attempt(anon, insert, (fx) => [fx.needMine])).toBe('42501');
			expect(await attempt(resident, insert, (fx) => [fx.needMine])).toBe('42501');
			expect(await attempt(anon, 'update public.need_photos set hidden = false')).toBe('42501');
		});

		it('the public timeline shows events of public needs only; only editors add notes', async () => {
			// distinct: the fixture's activity link plans needPublished, a second event.
			const events = 'select distinct need_id::text as a from public.need_events';
			expect(await seen(anon, events)).toEqual(['needPublished']);
			expect(await seen(resident, events)).toEqual(['needPublished']);
			expect(await seen(council, events)).toEqual(['needMine', 'needOther', 'needPublished']);
			const note =
				"insert into public.need_events (need_id, status, note) values ($1, 'published', 'Dziękujemy')";
			expect(await attempt(anon, note, (fx) => [fx.needPublished])).toBe('42501');
			expect(await attempt(resident, note, (fx) => [fx.needPublished])).toBe('42501');
			expect(await attempt(council, note, (fx) => [fx.needPublished])).toBe('42501');
			expect(await attempt(organizer, note, (fx) => [fx.needPublished])).toBe('ok');
			expect(await attempt(anon, 'select created_by from public.need_events')).toBe('42501');
		});
	});

	describe('need_supports', () => {
		const support =
			'insert into public.need_supports (need_id, user_id) values ($1, $2) returning id';
		const countOf = async (tx: Tx, need: string) =>
			(
				await tx.query<{ n: number }>('select support_count as n from public.needs where id = $1', [
					need
				])
			)[0].n;

		it('anon cannot read or insert supports (42501)', async () => {
			expect(await attempt(anon, 'select id from public.need_supports')).toBe('42501');
			expect(await attempt(anon, support, (fx) => [fx.needPublished, null])).toBe('42501');
		});

		it('nobody writes supports directly: they go through private.set_device_support (42501)', async () => {
			const device =
				"insert into public.need_supports (need_id, device_hash) values ($1, repeat('a', 64))";
			for (const who of [anon, resident, council, organizer, admin] as Claims[]) {
				expect(await attempt(who, support, (fx) => [fx.needPublished, who.sub ?? null])).toBe(
					'42501'
				);
				expect(await attempt(who, device, (fx) => [fx.needPublished])).toBe('42501');
				expect(await attempt(who, 'update public.need_supports set user_id = user_id')).toBe(
					'42501'
				);
				expect(await attempt(who, 'delete from public.need_supports')).toBe('42501');
			}
		});

		it('a resident sees only their own support; council and organizer see all', async () => {
			const out = await scenario(db, resident, async (tx, fx, become) => {
				await become('owner');
				await tx.query('insert into public.need_supports (need_id, user_id) values ($1, $2)', [
					fx.needPublished,
					resident.sub
				]);
				const count = await countOf(tx, fx.needPublished);
				await become(resident);
				const visible = await tx.query<{ user_id: string }>(
					'select user_id::text as user_id from public.need_supports'
				);
				return { count, visible };
			});
			expect(out).toEqual({ count: 2, visible: [{ user_id: resident.sub }] });
			const other = `select count(*)::int as n from public.need_supports where user_id = '${OTHER_USER}'`;
			expect(await rows(council, other)).toEqual([{ n: 1 }]);
			expect(await rows(organizer, other)).toEqual([{ n: 1 }]);
		});
	});

	describe('activities and activity_needs', () => {
		const all = 'select id::text as a from public.activities';
		const links = 'select activity_id::text as a, need_id::text as b from public.activity_needs';
		const insert =
			"insert into public.activities (region_id, title, programme_category) values ($1, 'Warsztaty', 'community_education')";
		const publish = 'update public.activities set published = true where id = $1 returning id';

		it('anon and resident see published activities only; staff see all', async () => {
			expect(await seen(anon, all)).toEqual(['actPublished']);
			expect(await seen(resident, all)).toEqual(['actPublished']);
			expect(await seen(council, all)).toEqual(['actDraft', 'actPublished']);
		});

		it('organizers insert, update and delete activities; anon, resident and council cannot', async () => {
			expect(await attempt(organizer, insert, (fx) => [fx.region])).toBe('ok');
			expect(await attempt(resident, insert, (fx) => [fx.region])).toBe('42501');
			expect(await attempt(council, insert, (fx) => [fx.region])).toBe('42501');
			expect(await attempt(anon, insert, (fx) => [fx.region])).toBe('42501');
			expect(await attempt(anon, publish, (fx) => [fx.actDraft])).toBe('42501');
			expect(await rows(council, publish, (fx) => [fx.actDraft])).toEqual([]);
			expect(await rows(resident, 'delete from public.activities returning id')).toEqual([]);
			expect(await rows(organizer, publish, (fx) => [fx.actDraft])).toHaveLength(1);
			expect(
				await rows(organizer, 'delete from public.activities where id = $1 returning id', (fx) => [
					fx.actDraft
				])
			).toHaveLength(1);
		});

		it('a link is public only when the activity is published and the need is public', async () => {
			expect(await seen(anon, links)).toEqual(['actPublished+needPublished']);
			expect(await seen(resident, links)).toEqual(['actPublished+needPublished']);
			expect(await seen(council, links)).toEqual([
				'actDraft+needPublished',
				'actPublished+needMine',
				'actPublished+needPublished'
			]);
		});

		it('only organizers link needs to activities', async () => {
			const link = 'insert into public.activity_needs (activity_id, need_id) values ($1, $2)';
			const params = (fx: Fx) => [fx.actDraft, fx.needOther];
			expect(await attempt(anon, link, params)).toBe('42501');
			expect(await attempt(resident, link, params)).toBe('42501');
			expect(await attempt(council, link, params)).toBe('42501');
			expect(await attempt(organizer, link, params)).toBe('ok');
			expect(await rows(resident, 'delete from public.activity_needs returning need_id')).toEqual(
				[]
			);
		});
	});

	describe('profiles', () => {
		const ids = 'select id::text as id from public.profiles order by id';
		const role = 'select private.app_role() as role';

		it('anon has no access (42501)', async () => {
			expect(await attempt(anon, ids)).toBe('42501');
			expect(
				await attempt(anon, "insert into public.profiles (id, role) values ($1, 'admin')", () => [
					resident.sub
				])
			).toBe('42501');
		});

		it('each user sees only their own profile; an admin sees all', async () => {
			expect(await rows(resident, ids)).toEqual([]);
			expect(await rows(organizer, ids)).toEqual([]);
			expect(await rows(council, ids)).toEqual([{ id: council.sub }]);
			expect(await rows(admin, ids)).toEqual(
				[{ id: admin.sub }, { id: council.sub }].sort((a, b) => a.id.localeCompare(b.id))
			);
		});

		it('nobody but an admin grants roles', async () => {
			const selfAdmin = "insert into public.profiles (id, role) values ($1, 'admin')";
			expect(await attempt(resident, selfAdmin, () => [resident.sub])).toBe('42501');
			expect(await attempt(organizer, selfAdmin, () => [organizer.sub])).toBe('42501');
			// No WHERE/RETURNING: only the UPDATE policy filters (not the SELECT one), on the user's own row.
			const promoteSelf = (who: Claims & { sub: string }, own: string) =>
				scenario(db, who, async (tx, _fx, become) => {
					await become('owner');
					await tx.query(
						'insert into public.profiles (id, role) values ($1, $2) on conflict (id) do nothing',
						[who.sub, own]
					);
					await become(who);
					const visible = await tx.query('select id from public.profiles where id = $1', [who.sub]);
					await tx.query("update public.profiles set role = 'admin'");
					await tx.query('delete from public.profiles');
					await become('owner');
					const after = await tx.query<{ role: string }>(
						'select role from public.profiles where id in ($1, $2) order by role',
						[who.sub, admin.sub]
					);
					return { visible: visible.length, roles: after.map((r) => r.role) };
				});
			expect(await promoteSelf(organizer, 'organizer')).toEqual({
				visible: 1,
				roles: ['admin', 'organizer']
			});
			expect(await promoteSelf(council, 'council')).toEqual({
				visible: 1,
				roles: ['admin', 'council']
			});
		});

		it('an admin inserts, updates and deletes profiles', async () => {
			const out = await scenario(db, admin, async (tx) => ({
				insert: await tx.query(
					"insert into public.profiles (id, role) values ($1, 'organizer') returning role",
					[organizer.sub]
				),
				update: await tx.query(
					"update public.profiles set role = 'organizer' where id = $1 returning role",
					[council.sub]
				),
				remove: await tx.query('delete from public.profiles where id = $1 returning id', [
					council.sub
				])
			}));
			expect(out).toEqual({
				insert: [{ role: 'organizer' }],
				update: [{ role: 'organizer' }],
				remove: [{ id: council.sub }]
			});
		});

		it('private.app_role(): profile first, then the JWT, and nothing for anon or residents', async () => {
			expect(await rows(admin, role)).toEqual([{ role: 'admin' }]);
			expect(await rows(organizer, role)).toEqual([{ role: 'organizer' }]);
			expect(await rows(council, role)).toEqual([{ role: 'council' }]);
			expect(await rows(resident, role)).toEqual([{ role: null }]);
			expect(await rows(anon, role)).toEqual([{ role: null }]);
			expect(await rows({ role: 'anon', sub: admin.sub }, role)).toEqual([{ role: null }]);
			const demoted = await scenario(db, organizer, async (tx, _fx, become) => {
				await become('owner');
				await tx.query("insert into public.profiles (id, role) values ($1, 'council')", [
					organizer.sub
				]);
				await become(organizer);
				return tx.query(role);
			});
			expect(demoted).toEqual([{ role: 'council' }]);
		});
	});
});
