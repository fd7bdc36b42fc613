import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../src/lib/server/db/types.ts';
import { backends, claims, tryAs } from './backends.ts';

// public.locality_need_counts holds the public needs and supports per village and category, kept
// by a trigger; the public-need predicate is inlined into every plan that uses it.

/** The counts as the table holds them, and as a full count of the needs gives them. */
async function bothCounts(tx: Tx) {
	const held = await tx.query<{ k: string }>(
		`select format('%s/%s:%s/%s', locality_id, category, needs, supports) as k
		 from public.locality_need_counts where needs <> 0 or supports <> 0 order by 1`
	);
	const counted = await tx.query<{ k: string }>(
		`select format('%s/%s:%s/%s', locality_id, category, count(*), sum(support_count)) as k
		 from public.needs where locality_id is not null
		   and status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
		   and hidden_at is null
		 group by locality_id, category order by 1`
	);
	return { held: held.map((r) => r.k), counted: counted.map((r) => r.k) };
}

describe.each(backends)('public need counts on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.asOwner((tx) => tx.query(`delete from public.needs where title like 'Licznik %'`));
		await db?.close();
	});

	it('stay equal to a full count through every kind of change', async () => {
		await db.asOwner(async (tx) => {
			const insert = (title: string, status: string, village: string) =>
				tx.query<{ id: string }>(
					`insert into public.needs (region_id, kind, category, title, point, status)
					 select l.region_id, 'need', 'seniorzy', $1, l.point, $2
					 from public.localities l where l.slug = $3 returning id::text as id`,
					[title, status, village]
				);
			const [a] = await insert('Licznik A', 'published', 'wysokie');
			const [b] = await insert('Licznik B', 'new', 'wysokie');
			const [c] = await insert('Licznik C', 'in_progress', 'kramsk');
			expect((await bothCounts(tx)).held).toEqual((await bothCounts(tx)).counted);
			const steps = [
				[`update public.needs set status = 'published' where id = $1`, b.id],
				[`update public.needs set support_count = 4 where id = $1`, a.id],
				[`update public.needs set category = 'edukacja' where id = $1`, a.id],
				[`update public.needs set hidden_at = now() where id = $1`, c.id],
				[`update public.needs set hidden_at = null, status = 'done' where id = $1`, c.id],
				[
					`update public.needs set point = (select point from public.localities where slug = 'kramsk') where id = $1`,
					b.id
				],
				[`update public.needs set status = 'rejected' where id = $1`, b.id],
				[`delete from public.needs where id = $1`, a.id]
			] as const;
			for (const [sql, id] of steps) {
				await tx.query(sql, [id]);
				const { held, counted } = await bothCounts(tx);
				expect(held, sql).toEqual(counted);
			}
		});
	});

	it('counts supports given through the support path too', async () => {
		await db.asOwner(async (tx) => {
			const [n] = await tx.query<{ id: string }>(
				`insert into public.needs (region_id, kind, category, title, point, status)
				 select l.region_id, 'need', 'seniorzy', 'Licznik D', l.point, 'published'
				 from public.localities l where l.slug = 'bilczew' returning id::text as id`
			);
			await tx.query(
				`insert into public.need_supports (need_id, device_hash) values ($1, repeat('a', 64)), ($1, repeat('b', 64))`,
				[n.id]
			);
			await tx.query(
				`delete from public.need_supports where need_id = $1 and device_hash = repeat('a', 64)`,
				[n.id]
			);
			const { held, counted } = await bothCounts(tx);
			expect(held).toEqual(counted);
			expect(held.some((k) => k.endsWith('seniorzy:1/1'))).toBe(true);
		});
	});

	it('allows anon to read the counts, and denies anon any write', async () => {
		const rows = await tryAs(db, claims.anon, (tx) =>
			tx.query(`select * from public.locality_need_counts limit 1`)
		);
		expect(Array.isArray(rows)).toBe(true);
		const denied = await tryAs(db, claims.anon, (tx) =>
			tx.query(`update public.locality_need_counts set needs = 99`).then(
				() => null,
				(e: { code?: string }) => e.code
			)
		);
		expect(denied).toBe('42501');
		const organizer = await tryAs(db, claims.organizer, (tx) =>
			tx.query(`delete from public.locality_need_counts`).then(
				() => null,
				(e: { code?: string }) => e.code
			)
		);
		expect(organizer).toBe('42501');
	});

	it('inlines the public-need predicate: no function call in the plan, in a filter or in RLS', async () => {
		const plan = (role: keyof typeof claims, sql: string) =>
			tryAs(db, claims[role], async (tx) =>
				(await tx.query<{ 'QUERY PLAN': string }>(`explain (verbose) ${sql}`))
					.map((r) => r['QUERY PLAN'])
					.join('\n')
			);
		const filtered = await plan(
			'organizer',
			`select count(*) from public.needs n where private.is_public_need(n.status, n.hidden_at)`
		);
		const policy = await plan('anon', `select count(*) from public.needs`);
		for (const text of [filtered, policy]) {
			expect(text).not.toMatch(/is_public_need/);
			// The inlined predicate is a filter, or it proves a partial index of the public needs
			// (needs_public_top_idx, needs_public_tile_idx), which then needs no filter at all.
			expect(text).toMatch(/hidden_at IS NULL|needs_public_\w+_idx/);
		}
	});
});
