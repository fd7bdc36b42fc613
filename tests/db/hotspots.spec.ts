import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosisMap } from '../../src/lib/diagnosis/types.ts';
import { cachedAnalysis } from '../../src/lib/server/cache/analysis.ts';
import type { Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { value } from '../../src/lib/server/db/value.ts';
import { backends, claims, sqlState } from './backends.ts';
import { arrangedAs } from './owner-scenario.ts';
import { arrangeAlfaBeta, BOX, P } from './synthetic-region.ts';

// Heavy analysis stays bounded at any number of needs, and a request's queries can be stopped:
// - hotspots (private.need_clusters) read only the needs of the last months, and beyond 5,000
//   needs cluster grid cells, never more than about 10,000 of them, instead of the needs;
// - the statement timeout set for every request cancels a statement that runs longer, and a
//   request whose client has gone stops its queries (on PostgreSQL its backend goes idle).
// Timing-free: the checks read what the clustering was given, not how long it took.

const { anon, organizer } = claims;

interface Hotspot {
	cluster: number;
	count: number;
	supports: number;
	dominant_category: string;
	dominant_count: number;
	grid_m: number | null;
	need_ids: string[] | null;
}

interface Bounds {
	clusters: number;
	cell_m: number | null;
	clustered: number;
}

const hotspots = (tx: Tx, region: string, months = 12) =>
	value<Hotspot[]>(tx, 'select public.need_hotspots($1, null, null, $2, 500, 3) as v', [
		region,
		months
	]);

/** What ST_ClusterDBSCAN was given: the number of rows (needs or cells) and the cell size. */
const bounds = (tx: Tx, region: string) =>
	tx
		.query<Bounds>(
			`select count(*)::integer as clusters, max(q.cell_m) as cell_m, max(q.clustered) as clustered
			 from private.need_clusters($1, null, false, 12, 500, 3) q`,
			[region]
		)
		.then((r) => r[0]);

/**
 * `count` published needs of one category on a lattice of `step` metres from (x, y), `cols` wide.
 * The row triggers (reference, audit, events, counts) are off for the bulk insert: they are not
 * what these tests check, and they cost about 1.7 ms a row (session_replication_role, PostgreSQL
 * manual §20.11; the transaction is rolled back).
 */
async function lattice(
	tx: OwnerTx,
	region: string,
	o: {
		count: number;
		x: number;
		y: number;
		step: number;
		cols: number;
		category: string;
		createdAt?: string;
		village?: string;
	}
) {
	await tx.query("set local session_replication_role = 'replica'");
	await tx.query(
		`insert into public.needs (region_id, kind, category, title, point, status, support_count, created_at, locality_id)
		 select r.id, 'need', $2, 'Skupisko ' || i, ${P('$3::integer + (i % $6::integer) * $5::integer', '$4::integer + (i / $6::integer) * $5::integer')},
		   'published', 1, coalesce($7::timestamptz, now()),
		   (select l.id from public.localities l where l.region_id = r.id and l.slug = $9)
		 from public.regions r, generate_series(0, $8::integer - 1) i where r.slug = $1`,
		[region, o.category, o.x, o.y, o.step, o.cols, o.createdAt ?? null, o.count, o.village ?? null]
	);
	await tx.query("set local session_replication_role = 'origin'");
	// With the triggers off, the trigger-kept tallies the diagnosis reads are rebuilt once.
	await tx.query('select private.recount_need_tallies()');
}

describe.each(backends)('bounded hotspots on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('20,000 needs: counted on 250 m cells before clustering; two hotspots, old and lone needs left out', async () => {
		const region = 'skupiska-test';
		const res = await arrangedAs(
			db,
			async (tx) => {
				await arrangeAlfaBeta(tx, region, 'SK');
				// A: 9,000 seniorzy and 3,000 kultura on 5 m steps around (2000, 5000), 300 × 1,000 m.
				await lattice(tx, region, {
					count: 9000,
					x: 2000,
					y: 5000,
					step: 5,
					cols: 60,
					category: 'seniorzy'
				});
				await lattice(tx, region, {
					count: 3000,
					x: 2002,
					y: 5002,
					step: 5,
					cols: 60,
					category: 'kultura'
				});
				// B: 8,000 kultura on 2 m steps around (8000, 2000).
				await lattice(tx, region, {
					count: 8000,
					x: 8000,
					y: 2000,
					step: 2,
					cols: 100,
					category: 'kultura'
				});
				// Two lone needs (no cluster) and five reported 13 months ago (outside the window).
				await lattice(tx, region, {
					count: 2,
					x: 5000,
					y: 9500,
					step: 4000,
					cols: 2,
					category: 'sport-i-rekreacja'
				});
				await lattice(tx, region, {
					count: 5,
					x: 500,
					y: 500,
					step: 10,
					cols: 5,
					category: 'edukacja',
					createdAt: new Date(Date.now() - 400 * 24 * 3600 * 1000).toISOString()
				});
			},
			organizer,
			async (tx) => ({
				hot: await hotspots(tx, region),
				wider: await hotspots(tx, region, 24),
				bounds: await bounds(tx, region)
			})
		);
		expect(res.hot.map((h) => [h.count, h.dominant_category, h.dominant_count])).toEqual([
			[12000, 'seniorzy', 9000],
			[8000, 'kultura', 8000]
		]);
		expect(res.hot[0]).toMatchObject({ cluster: 1, supports: 12000, grid_m: 250, need_ids: null });
		// 20,004 needs in the window became a few dozen cells: that is all DBSCAN read.
		expect(res.bounds.cell_m).toBe(250);
		expect(res.bounds.clustered).toBeLessThanOrEqual(30);
		// With a 24-month window the five old needs form a third hotspot.
		expect(res.wider.map((h) => h.count)).toEqual([12000, 8000, 5]);
	});

	it('a region too large for 250 m cells gets coarser ones: never much more than 10,000 rows', async () => {
		const region = 'duzy-test';
		const res = await arrangedAs(
			db,
			async (tx) => {
				await tx.query(
					`insert into public.regions (slug, name, ref_prefix, boundary)
					 values ($1, 'Duży region', 'DU', ${BOX(0, 0, 200000, 200000)})`,
					[region]
				);
				// 20,000 needs 1,250 m apart over 156 × 200 km: 20,000 cells of 250 m.
				await lattice(tx, region, {
					count: 20000,
					x: 100,
					y: 100,
					step: 1250,
					cols: 125,
					category: 'seniorzy'
				});
			},
			anon,
			(tx) => bounds(tx, region)
		);
		// √(200 km × 200 km / 10,000) = 2 km (a little more: the box is taken in degrees).
		expect(res.cell_m).toBeGreaterThanOrEqual(2000);
		expect(res.cell_m).toBeLessThan(2100);
		expect(res.clustered).toBeLessThanOrEqual(10000);
		expect(res.clustered).toBeGreaterThan(5000);
	});

	it('up to 5,000 needs the clustering is exact and lists the needs', async () => {
		const region = 'male-skupisko';
		const hot = await arrangedAs(
			db,
			async (tx) => {
				await arrangeAlfaBeta(tx, region, 'MS');
				await lattice(tx, region, {
					count: 4,
					x: 1000,
					y: 1000,
					step: 100,
					cols: 2,
					category: 'seniorzy'
				});
			},
			anon,
			(tx) => hotspots(tx, region)
		);
		expect(hot).toHaveLength(1);
		expect(hot[0]).toMatchObject({ count: 4, grid_m: null });
		expect(hot[0].need_ids).toHaveLength(4);
	});

	it('the diagnosis map counts 2,500 needs on a grid of at most 64 × 64 cells', async () => {
		const region = 'mapa-siatka';
		const map = await arrangedAs(
			db,
			async (tx) => {
				await arrangeAlfaBeta(tx, region, 'MA');
				await lattice(tx, region, {
					count: 2500,
					x: 100,
					y: 100,
					step: 90,
					cols: 50,
					category: 'seniorzy',
					village: 'alfa'
				});
			},
			anon,
			async (tx) =>
				(
					await value<{ map: DiagnosisMap }>(
						tx,
						"select public.diagnosis($1, 'village', 'alfa') as v",
						[region]
					)
				).map
		);
		expect(map.needs).toEqual([]);
		// The cell: a 64th of the area's longer side, rounded up to the tallies' fixed 100 m cells.
		expect(map.need_grid?.cell).toBe(Math.ceil(10000 / 64 / 100) * 100);
		expect(map.need_grid?.cells.length).toBeLessThanOrEqual(64 * 64);
		expect(map.need_grid?.cells.reduce((sum, c) => sum + c[2], 0)).toBe(2500);
	});

	it('a heavy result is computed once per data version, again after a write', async () => {
		let runs = 0;
		const parts = ['test', backend.name, Date.now()];
		const run = async () => ({ run: ++runs });
		const twice = () =>
			db.asUser(organizer, async (tx) => [
				await cachedAnalysis(tx, 'kramsk', parts, run),
				await cachedAnalysis(tx, 'kramsk', parts, run)
			]);
		expect(await twice()).toEqual([{ run: 1 }, { run: 1 }]);
		// A statement on a watched table moves the data version, even one that changes no row.
		await db.asOwner((tx) => tx.query('update public.need_categories set sort = sort where false'));
		expect(await twice()).toEqual([{ run: 2 }, { run: 2 }]);
	});

	it('rejects a window outside 1–120 months (22023)', async () => {
		const state = await sqlState(db.asUser(anon, (tx) => hotspots(tx, 'kramsk', 0)));
		expect(state).toBe('22023');
	});
});

describe.each(backends.filter((b) => b.name === 'postgres'))(
	'request queries are stopped on $name',
	(backend) => {
		let db: Database;
		beforeAll(async () => {
			db = await backend.open();
		});
		afterAll(async () => {
			await db?.close();
		});

		/** Backends still running a statement that carries `marker`, other than this check. */
		const running = (marker: string) =>
			db.asOwner((tx) =>
				tx.query<{ pid: number }>(
					`select pid from pg_stat_activity
					 where state = 'active' and query like '%' || $1 || '%' and pid <> pg_backend_pid()`,
					[marker]
				)
			);

		it('a statement longer than the statement timeout is cancelled (57014) and leaves no backend running', async () => {
			const state = await sqlState(
				db.asUser(anon, async (tx) => {
					await tx.query("select set_config('statement_timeout', '200ms', true)");
					return tx.query('select pg_sleep(30) /* timeout-check */');
				})
			);
			expect(state).toBe('57014');
			expect(await running('timeout-check')).toEqual([]);
		});

		it('a request whose client has gone has its running query cancelled', async () => {
			const gone = new AbortController();
			const request = db.asUser(
				anon,
				(tx) => tx.query('select pg_sleep(30) /* abort-check */'),
				gone.signal
			);
			await new Promise((ok) => setTimeout(ok, 300));
			expect((await running('abort-check')).length).toBe(1);
			gone.abort();
			expect(await sqlState(request)).toBe('57014');
			expect(await running('abort-check')).toEqual([]);
		});
	}
);

describe.each(backends)('an abandoned request on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('starts no further query once its client has gone', async () => {
		const gone = new AbortController();
		let started = 0;
		const request = db.asUser(
			anon,
			async (tx) => {
				await tx.query('select 1');
				started++;
				gone.abort();
				await tx.query('select 2');
				started++;
			},
			gone.signal
		);
		await expect(request).rejects.toMatchObject({ name: 'AbortError' });
		expect(started).toBe(1);
	});
});
