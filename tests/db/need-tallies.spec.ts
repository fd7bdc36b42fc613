import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { backends, claims, tryAs } from './backends.ts';

// The trigger-kept tallies the diagnosis and the map tiles read (locality_need_tallies,
// locality_need_months, locality_need_cells, need_tile_cells) hold exactly what counting the public needs gives, through every kind of
// change, and the diagnosis's figures equal a direct count of the needs.

const PUBLIC = `x.locality_id is not null
  and x.status in ('published', 'in_analysis', 'planned', 'in_progress', 'done') and x.hidden_at is null`;

/** Each tally as its table holds it and as a count of the needs gives it. */
async function tallies(tx: OwnerTx) {
	const rows = (sql: string) => tx.query<{ k: string }>(sql).then((r) => r.map((x) => x.k));
	return {
		held: {
			tallies: await rows(`select format('%s/%s/%s/%s:%s/%s', locality_id, kind, category, status,
			  needs, supports) as k from public.locality_need_tallies where needs <> 0 or supports <> 0 order by 1`),
			months: await rows(`select format('%s/%s:%s/%s', locality_id, month, reported, resolved) as k
			  from public.locality_need_months where reported <> 0 or resolved <> 0 order by 1`),
			cells: await rows(`select format('%s/%s/%s:%s', locality_id, cx, cy, needs) as k
			  from public.locality_need_cells where needs <> 0 order by 1`),
			// Coordinate sums to 1e-6 degrees: a share leaves by subtraction, so the last digits of
			// a double may differ from a fresh sum.
			tileCells:
				await rows(`select format('%s/%s/%s/%s/%s:%s/%s/%s', region_id, cell, kind, category,
			  status, needs, round(lon_sum::numeric, 6), round(lat_sum::numeric, 6)) as k
			  from public.need_tile_cells where needs <> 0 order by 1`)
		},
		counted: {
			tallies: await rows(`select format('%s/%s/%s/%s:%s/%s', x.locality_id, x.kind, x.category,
			  x.status, count(*), sum(x.support_count)) as k from public.needs x where ${PUBLIC}
			  group by x.locality_id, x.kind, x.category, x.status order by 1`),
			// The diagnosis's own definition: resolved at the first 'done' event, else the last update.
			months: await rows(`select format('%s/%s:%s/%s', l, m, sum(r), sum(s)) as k from (
			    select x.locality_id as l, date_trunc('month', x.created_at at time zone 'Europe/Warsaw')::date as m,
			      1 as r, 0 as s from public.needs x where ${PUBLIC}
			    union all
			    select x.locality_id, date_trunc('month', coalesce((select min(e.created_at)
			      from public.need_events e where e.need_id = x.id and e.status = 'done'), x.updated_at)
			      at time zone 'Europe/Warsaw')::date, 0, 1
			    from public.needs x where ${PUBLIC} and x.status = 'done') t
			  group by l, m order by 1`),
			cells: await rows(`select format('%s/%s/%s:%s', l, cx, cy, count(*)) as k from (
			    select x.locality_id as l,
			      floor(extensions.st_x(extensions.st_transform(x.point, 2180)) / 100) as cx,
			      floor(extensions.st_y(extensions.st_transform(x.point, 2180)) / 100) as cy
			    from public.needs x where ${PUBLIC}) t
			  group by l, cx, cy order by 1`),
			// Every public need of any region, in the zoom-18 tile its key names.
			tileCells: await rows(`select format('%s/%s/%s/%s/%s:%s/%s/%s', x.region_id, x.tile_key >> 4,
			  x.kind, x.category, x.status, count(*), round(sum(extensions.st_x(x.point))::numeric, 6),
			  round(sum(extensions.st_y(x.point))::numeric, 6)) as k
			  from public.needs x
			  where x.status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
			    and x.hidden_at is null
			  group by x.region_id, x.tile_key >> 4, x.kind, x.category, x.status order by 1`)
		}
	};
}

describe.each(backends)('need tallies on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.asOwner((tx) => tx.query(`delete from public.needs where title like 'Zliczenie %'`));
		await db?.close();
	});

	it('stay equal to a count of the needs through every kind of change', async () => {
		await db.asOwner(async (tx) => {
			const insert = (title: string, status: string, village: string, monthsAgo: number) =>
				tx.query<{ id: string }>(
					`insert into public.needs (region_id, kind, category, title, point, status, created_at)
					 select l.region_id, 'need', 'seniorzy', $1, l.point, $2,
					   now() - make_interval(months => $4::integer)
					 from public.localities l where l.slug = $3 returning id::text as id`,
					[title, status, village, monthsAgo]
				);
			const [a] = await insert('Zliczenie A', 'published', 'wysokie', 0);
			const [b] = await insert('Zliczenie B', 'new', 'wysokie', 3);
			const [c] = await insert('Zliczenie C', 'in_progress', 'kramsk', 14);
			const [d] = await insert('Zliczenie D', 'done', 'bilczew', 2);
			const check = async (step: string) => {
				const { held, counted } = await tallies(tx);
				expect(held, step).toEqual(counted);
			};
			await check('inserts');
			const steps = [
				[`update public.needs set status = 'published' where id = $1`, b.id],
				[`update public.needs set support_count = 4 where id = $1`, a.id],
				[`update public.needs set category = 'edukacja', kind = 'idea' where id = $1`, a.id],
				[`update public.needs set status = 'done' where id = $1`, c.id],
				[`update public.needs set hidden_at = now() where id = $1`, c.id],
				[`update public.needs set hidden_at = null where id = $1`, c.id],
				[`update public.needs set title = 'Zliczenie D2' where id = $1`, d.id],
				[`update public.needs set created_at = now() - interval '7 months' where id = $1`, d.id],
				[
					`update public.needs set point = (select point from public.localities where slug = 'kramsk') where id = $1`,
					b.id
				],
				[`update public.needs set status = 'rejected' where id = $1`, b.id],
				[`delete from public.needs where id = $1`, d.id],
				[`delete from public.needs where id = $1`, a.id]
			] as const;
			for (const [sql, id] of steps) {
				await tx.query(sql, [id]);
				await check(sql);
			}
			// A rebuild gives what the trigger kept.
			const kept = (await tallies(tx)).held;
			await tx.query('select private.recount_need_tallies()');
			expect((await tallies(tx)).held).toEqual(kept);
		});
	});

	it('gives the gmina diagnosis the figures a count of the needs gives', async () => {
		const [{ doc, direct }] = await tryAs(db, claims.anon, (tx) =>
			tx.query<{
				doc: {
					needs: {
						total: number;
						supports: number;
						by_status: { status: string; count: number }[];
					};
					trend: { months: { month: string; reported: number }[] };
				};
				direct: { total: number; supports: number; reported: number };
			}>(
				`select public.diagnosis('kramsk', 'gmina', 'gmina') as doc,
				   (select json_build_object('total', count(*), 'supports', coalesce(sum(x.support_count), 0),
				     'reported', count(*) filter (where x.created_at >= date_trunc('month',
				       now() at time zone 'Europe/Warsaw') at time zone 'Europe/Warsaw' - interval '11 months'))
				    from public.needs x join public.localities l on l.id = x.locality_id
				    join public.regions r on r.id = l.region_id
				    where r.slug = 'kramsk' and ${PUBLIC}) as direct`
			)
		);
		expect(doc.needs.total).toBe(direct.total);
		expect(doc.needs.supports).toBe(direct.supports);
		expect(doc.needs.by_status.reduce((s, x) => s + x.count, 0)).toBe(direct.total);
		expect(doc.trend.months.reduce((s, x) => s + x.reported, 0)).toBe(direct.reported);
	});

	it('lets anon read the tallies, and denies anon and organizers any write', async () => {
		for (const table of [
			'locality_need_tallies',
			'locality_need_months',
			'locality_need_cells',
			'need_tile_cells'
		]) {
			const rows = await tryAs(db, claims.anon, (tx) =>
				tx.query(`select * from public.${table} limit 1`)
			);
			expect(Array.isArray(rows)).toBe(true);
			for (const who of [claims.anon, claims.organizer]) {
				const denied = await tryAs(db, who, (tx) =>
					tx.query(`delete from public.${table}`).then(
						() => null,
						(e: { code?: string }) => e.code
					)
				);
				expect(denied, table).toBe('42501');
			}
		}
	});
});
