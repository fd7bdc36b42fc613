import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { value } from '../../src/lib/server/db/value.ts';
import { MODERATION_LIST_LIMIT } from '../../src/lib/server/moderation/queries.ts';
import { backends, claims } from './backends.ts';
import { arrangedAs } from './owner-scenario.ts';

// The moderation list of one status stops at MODERATION_LIST_LIMIT needs, the oldest first,
// however many needs have that status.

/** One more 'in_progress' need than the list holds, a day apart, oldest first. */
async function arrange(tx: OwnerTx) {
	return tx.query<{ id: string }>(
		`insert into public.needs (region_id, kind, category, title, point, status, created_at)
		 select l.region_id, 'need', 'seniorzy', 'Lista ' || i, l.point, 'in_progress',
		   now() - interval '2000 days' + i * interval '1 day'
		 from public.localities l, generate_series(1, $1::int) i where l.slug = 'wysokie'
		 order by i returning id::text as id`,
		[MODERATION_LIST_LIMIT + 1]
	);
}

describe.each(backends)('the moderation list of one status on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	it(`stops at ${MODERATION_LIST_LIMIT} needs, the oldest first`, async () => {
		const { made, listed } = await arrangedAs(db, arrange, claims.organizer, async (tx, made) => ({
			made: made.map((r) => r.id),
			listed: (
				await value<{ id: string }[]>(tx, "select public.moderation_queue('kramsk', $1) as v", [
					'in_progress'
				])
			).map((n) => n.id)
		}));
		expect(listed).toHaveLength(MODERATION_LIST_LIMIT);
		// Older than the demo data's in-progress needs, so they fill the list in their order.
		expect(listed).toEqual(made.slice(0, MODERATION_LIST_LIMIT));
	});
});
