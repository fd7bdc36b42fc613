// Synthetic data for `npm run bench:scale`: N public needs inside the region, and a staff account
// for the panel's planning page. Run as the owner while no server holds the database.
import type { Database } from '../src/lib/server/db/types.ts';
import { createLocalAccount } from '../src/lib/server/auth/local.ts';

/** Every synthetic need's title starts with this, and each is flagged is_demo: never real data. */
export const SYNTHETIC_TITLE = 'Syntetyczna potrzeba (benchmark)';

/**
 * Synthetic need n has the reference <prefix>-<year>-<REF_BASE + n> (KR-2025-900000001): the
 * shape of a real one, so its pages answer, in a range the yearly counter of real reports never
 * reaches (it would otherwise step over every synthetic number one by one).
 */
const REF_BASE = 900_000_000;

/**
 * One statement adds `count` needs after the `from` already there, through the table so every
 * trigger runs (locality, public counts, timeline, data version) — except the audit log, whose
 * rows would record a script, not a person, and double the write. Points come from
 * ST_GeneratePoints over the villages' areas, each village's share following its address points
 * (where people live); the owner sets the reference (see REF_BASE), so the yearly counter of
 * real reports is left alone. Categories in turn; dates spread over the last three years; four in five
 * `published`, the rest in the later public statuses. Supports stay 0: the count is kept from
 * need_supports rows, and none are made.
 */
const INSERT = `
with w as (
  select l.id, l.area, l.address_point_count + 1 as w
  from public.localities l join public.regions r on r.id = l.region_id
  where r.slug = $1 and l.area is not null
), k as (
  select id, area, floor($2::bigint * w / sum(w) over ())::int as k,
    row_number() over (order by w desc, id) as rank
  from w
), share as (
  select id, area, k + case when rank = 1 then $2::int - sum(k) over ()::int else 0 end as k from k
), pts as (
  select s.id, (extensions.st_dump(extensions.st_generatepoints(s.area, s.k, (s.id + $3)::int))).geom as point
  from share s where s.k > 0
), numbered as (
  select point, $3::bigint + row_number() over () as i from pts
), cats as (
  select array_agg(slug order by slug) as slugs from public.need_categories
)
insert into public.needs (ref, region_id, kind, category, title, description, point, status,
  is_demo, created_at, updated_at)
select r.ref_prefix || '-' || extract(year from t.at)::int || '-' || (${REF_BASE} + n.i), r.id,
  case when n.i % 4 = 0 then 'idea' else 'need' end,
  c.slugs[1 + (n.i % array_length(c.slugs, 1))],
  '${SYNTHETIC_TITLE} ' || n.i,
  'Wygenerowana przez npm run bench:scale do pomiarów; nie jest zgłoszeniem mieszkańca.',
  n.point,
  case when n.i % 5 <> 0 then 'published'
    else (array['in_analysis', 'planned', 'in_progress', 'done'])[1 + (n.i / 5) % 4] end,
  true, t.at, t.at
from numbered n cross join cats c
join public.regions r on r.slug = $1
cross join lateral (select now() - ((n.i * 7919) % 1096) * interval '1 day'
  - ((n.i * 104729) % 86400) * interval '1 second' as at) t`;

/** How many synthetic needs the region holds now. */
export async function syntheticCount(db: Database, region: string): Promise<number> {
	return db.asOwner(async (tx) => {
		const [row] = await tx.query<{ n: number }>(
			`select count(*)::int as n from public.needs n join public.regions r on r.id = n.region_id
			 where r.slug = $1 and n.is_demo and n.title like $2`,
			[region, `${SYNTHETIC_TITLE} %`]
		);
		return row.n;
	});
}

/**
 * Brings the region to exactly `n` synthetic needs: adds the missing ones in batches of 10,000 to
 * 250,000 (one statement each), or deletes the newest-numbered extra ones. Returns the seconds spent.
 */
export async function seedSynthetic(db: Database, region: string, n: number): Promise<number> {
	const t0 = performance.now();
	let have = await syntheticCount(db, region);
	const withoutAudit = (sql: string, params: unknown[]) =>
		db.asOwner(async (tx) => {
			await tx.query('alter table public.needs disable trigger needs_audit');
			await tx.query(sql, params);
			await tx.query('alter table public.needs enable trigger needs_audit');
		});
	if (have > n) {
		await withoutAudit(
			`delete from public.needs where is_demo and title like $1
			 and substring(ref from '-([0-9]+)$')::bigint > $2`,
			[`${SYNTHETIC_TITLE} %`, REF_BASE + n]
		);
		have = n;
	}
	// Fresh planner statistics after each batch, as autovacuum would make them. The triggers'
	// lookups are planned from them: on the empty tables of a new database the planner reads a
	// whole table per row, so one 250,000-row first batch ran for many minutes. Batches
	// therefore start at 10,000 and at most double what is there.
	const analyze = () =>
		db.asOwner(async (tx) => {
			await tx.query('analyze public.needs');
			await tx.query('analyze public.need_events');
		});
	while (have < n) {
		const batch = Math.min(250_000, Math.max(10_000, have), n - have);
		await withoutAudit(INSERT, [region, batch, have]);
		have += batch;
		await analyze();
	}
	await analyze();
	return (performance.now() - t0) / 1000;
}

/** The reference and id of synthetic need number 1 (public: four in five are published). */
export async function firstSynthetic(db: Database): Promise<{ ref: string; id: string }> {
	const [row] = await db.asOwner((tx) =>
		tx.query<{ ref: string; id: string }>(
			'select ref, id::text as id from public.needs where title = $1',
			[`${SYNTHETIC_TITLE} 1`]
		)
	);
	return row;
}

/** A staff account (organizer) for the planning page; returns its e-mail and password. */
export async function ensureStaff(db: Database): Promise<{ email: string; password: string }> {
	const account = { email: 'bench-scale@example.org', password: 'bench-scale-haslo-1234' };
	const [exists] = await db.asOwner((tx) =>
		tx.query('select 1 from private.local_accounts where email = $1', [account.email])
	);
	if (!exists) await createLocalAccount(db, { ...account, role: 'organizer' });
	return account;
}
