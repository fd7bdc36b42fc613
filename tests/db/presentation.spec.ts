import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState, tryAs } from './backends.ts';
import { arrangeAlfaBeta, P } from './synthetic-region.ts';

// public.presentation_villages with known answers: a synthetic region in
// EPSG:2180 metres. alfa (x 0..5000) has 4 addresses at y=5000 (x=1000..4000), beta (5000..10000)
// has 2 (x=6000, 9000). Published świetlica at (1000,5500), a draft one at (9000,5500).

const REGION = 'prezentacja-test';

async function arrange(tx: OwnerTx) {
	const { region, alfa } = await arrangeAlfaBeta(tx, REGION, 'PZ');
	const resource = (name: string, category: string, x: number, status: string) =>
		tx.query(
			`insert into public.resources (region_id, category, name, point, status)
			 values ($1, $2, $3, ${P('$4::integer', '5500')}, $5)`,
			[region, category, name, x, status]
		);
	await resource('Świetlica Alfa', 'swietlica', 1000, 'published');
	await resource('Świetlica robocza', 'swietlica', 9000, 'draft');
	await resource('OSP Beta', 'osp', 6000, 'published');
	const need = (title: string, x: number, status: string, supports: number, hidden = false) =>
		tx.query(
			`insert into public.needs (region_id, kind, category, title, point, status, support_count, hidden_at)
			 values ($1, 'need', 'seniorzy', $2, ${P('$3::integer', '4000')}, $4, $5,
			   case when $6::boolean then now() end)`,
			[region, title, x, status, supports, hidden]
		);
	await need('Potrzeba A1', 1500, 'published', 5);
	await need('Potrzeba A2', 2500, 'in_analysis', 2);
	await need('Potrzeba A3', 3500, 'done', 9);
	await need('Nowa A4', 1200, 'new', 7);
	await need('Ukryta A5', 1300, 'published', 4, true);
	await need('Odrzucona A6', 1400, 'rejected', 8);
	await need('Potrzeba B1', 7000, 'published', 1);
	const activity = (title: string, loc: string, status: string, published: boolean) =>
		tx.query(
			`insert into public.activities (region_id, title, programme_category, locality_id, status,
			   published, starts_at)
			 values ($1, $2, 'community_animation', $3, $4, $5, '2026-12-05 16:00+01')`,
			[region, title, loc, status, published]
		);
	await activity('Spotkanie w Alfie', alfa, 'planned', true);
	await activity('Robocze w Alfie', alfa, 'planned', false);
	await activity('Odwołane w Alfie', alfa, 'cancelled', true);
}

class Rollback extends Error {}

async function scenario<T>(db: Database, who: Claims, act: (tx: Tx) => Promise<T>): Promise<T> {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			await arrange(tx);
			await enterRole(tx, who);
			result = await act({ query: tx.query });
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

interface Village {
	slug: string;
	address_points: number;
	needs: number;
	supports: number;
	resources: number;
	covered: number;
	resources_by_category: { category: string; names: string[] }[];
	top_needs: { title: string; supports: number }[];
	activities: { title: string; date: string }[];
}

const presentation = async (tx: Tx, category = 'swietlica', max = 1500) =>
	(
		await tx.query<{ v: Village[] }>('select public.presentation_villages($1, $2, $3) as v', [
			REGION,
			category,
			max
		])
	)[0].v;

describe.each(backends)('presentation_villages on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	it('anon: public needs only, published resources only, coverage in metres', async () => {
		const [alfa, beta] = await scenario(db, claims.anon, (tx) => presentation(tx));
		expect(alfa).toMatchObject({
			slug: 'alfa',
			address_points: 4,
			// A1, A2, A3 (done is still public); new, hidden and rejected needs are not.
			needs: 3,
			supports: 16,
			resources: 1,
			// (1000,5500) is 500 m and 1118 m from the first two addresses.
			covered: 2,
			resources_by_category: [{ category: 'swietlica', names: ['Świetlica Alfa'] }],
			// Done needs are not "top needs" any more.
			top_needs: [
				{ title: 'Potrzeba A1', supports: 5 },
				{ title: 'Potrzeba A2', supports: 2 }
			],
			activities: [{ title: 'Spotkanie w Alfie', date: '2026-12-05' }]
		});
		expect(beta).toMatchObject({
			slug: 'beta',
			address_points: 2,
			needs: 1,
			supports: 1,
			resources: 1,
			// The draft świetlica near (9000,5000) does not count.
			covered: 0,
			activities: []
		});
	});

	it('staff get the same public picture (drafts, hidden and new needs stay out)', async () => {
		for (const who of [claims.organizer, claims.council, claims.resident]) {
			const rows = await scenario(db, who, (tx) => presentation(tx));
			expect(rows.map((r) => [r.slug, r.needs, r.supports, r.resources, r.covered])).toEqual([
				['alfa', 3, 16, 1, 2],
				['beta', 1, 1, 1, 0]
			]);
		}
	});

	it('coverage follows the distance and the category', async () => {
		const wide = await scenario(db, claims.anon, (tx) => presentation(tx, 'swietlica', 3100));
		expect(wide.map((r) => r.covered)).toEqual([4, 0]);
		const osp = await scenario(db, claims.anon, (tx) => presentation(tx, 'osp', 1000));
		expect(osp.map((r) => r.covered)).toEqual([0, 1]);
	});

	it('unknown category or distance out of range: 22023', async () => {
		expect(await sqlState(tryAs(db, claims.anon, (tx) => presentation(tx, 'nie-ma')))).toBe(
			'22023'
		);
		expect(await sqlState(tryAs(db, claims.anon, (tx) => presentation(tx, 'osp', 0)))).toBe(
			'22023'
		);
	});

	it('runs as anon on the seeded region', async () => {
		const rows = await tryAs(db, claims.anon, async (tx) => {
			const region = await tx.query<{ slug: string }>('select slug from public.regions limit 1');
			return (
				await tx.query<{ v: Village[] }>(
					"select public.presentation_villages($1, 'swietlica', 2000) as v",
					[region[0]?.slug ?? 'kramsk']
				)
			)[0].v;
		});
		expect(Array.isArray(rows)).toBe(true);
	});
});
