import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { value } from '../../src/lib/server/db/value.ts';
import { backends, claims } from './backends.ts';
import { arrangedAs } from './owner-scenario.ts';

// The needs the activity form offers to link stay bounded however many needs a village has:
// per village the 50 open public needs with the most supports, the newest reports awaiting
// moderation, and always the needs asked for by id.

interface Options {
	needs: { id: string; ref: string; title: string; status: string; locality_id: number | null }[];
}

/** 60 open needs in Wysokie with 0..59 supports, one done, one awaiting moderation. */
async function arrange(tx: OwnerTx) {
	const [{ village }] = await tx.query<{ village: number }>(
		"select id::int as village from public.localities where slug = 'wysokie'"
	);
	const rows = await tx.query<{ id: string; support_count: number }>(
		`insert into public.needs (region_id, kind, category, title, point, status, support_count, locality_id)
		 select l.region_id, 'need', 'seniorzy', 'Opcja ' || i, l.point, 'published', i, l.id
		 from public.localities l, generate_series(0, 59) i where l.slug = 'wysokie'
		 returning id::text as id, support_count`
	);
	const extra = async (title: string, status: string) =>
		(
			await tx.query<{ id: string }>(
				`insert into public.needs (region_id, kind, category, title, point, status, support_count, locality_id)
				 select l.region_id, 'need', 'seniorzy', $1, l.point, $2, 1000, l.id
				 from public.localities l where l.slug = 'wysokie' returning id::text as id`,
				[title, status]
			)
		)[0].id;
	return {
		village,
		bySupport: rows.sort((a, b) => b.support_count - a.support_count).map((r) => r.id),
		done: await extra('Opcja zrealizowana', 'done'),
		fresh: await extra('Opcja nowa', 'new')
	};
}

describe.each(backends)('activity form options on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	it('offer a village’s 50 most supported open needs, the new ones and the ones asked for', async () => {
		const { fx, options } = await arrangedAs(db, arrange, claims.organizer, async (tx, fx) => ({
			fx,
			options: await value<Options>(
				tx,
				'select public.activity_form_options($1, null, $2::uuid[]) as v',
				['kramsk', [fx.bySupport[59]]]
			)
		}));
		const ids = new Set(options.needs.filter((n) => n.locality_id === fx.village).map((n) => n.id));
		for (const id of fx.bySupport.slice(0, 50)) expect(ids.has(id)).toBe(true);
		for (const id of fx.bySupport.slice(50, 59)) expect(ids.has(id)).toBe(false);
		// Asked for by id (the planning page's choice), though the least supported.
		expect(ids.has(fx.bySupport[59])).toBe(true);
		expect(ids.has(fx.fresh)).toBe(true);
		expect(ids.has(fx.done)).toBe(false);
		expect(ids.size).toBe(52);
	});
});
