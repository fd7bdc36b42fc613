import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { backends, claims, sqlState } from './backends.ts';

// Region administration: admin-only writes of sołectwa and memberships, and
// official boundaries that replace the approximate areas only when the whole upload validates.

const { anon, resident, organizer, council, admin } = claims;

interface Feature {
	name?: string;
	slug?: string;
	simc?: string;
	srid?: number;
	geometry: unknown;
}
interface Issue {
	code: string;
	[key: string]: unknown;
}
interface Report {
	ok: boolean;
	applied: boolean;
	level: string;
	features: {
		index: number;
		label: string;
		target: { id: number; name: string } | null;
		errors: Issue[];
		warnings: Issue[];
	}[];
	errors: Issue[];
	warnings: Issue[];
}

class Rollback extends Error {}

/**
 * One rolled-back transaction: the admin's profile row as the owner, then `act` as `who`.
 * `owner()` switches back to the owner to look at what was stored.
 */
async function scenario<T>(
	db: Database,
	who: Claims,
	act: (q: OwnerTx['query'], owner: () => Promise<void>) => Promise<T>
): Promise<T> {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
			await enterRole(tx, who);
			const owner = async () => {
				await tx.query("select set_config('role', 'none', true)");
			};
			result = await act(tx.query, owner);
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

const APPLY = 'select private.apply_official_areas($1, $2, $3::text::jsonb, $4, $5) as v';

/** The current approximate areas as an "official" upload: they tile the gmina exactly. */
const CURRENT_AREAS = `select name, extensions.st_asgeojson(area, 9)::jsonb as geometry
	from public.localities order by name`;
const CURRENT_AREAS_2180 = `select name, 2180 as srid,
	extensions.st_asgeojson(extensions.st_transform(area, 2180), 3)::jsonb as geometry
	from public.localities order by name`;

describe.each(backends)('region administration on $name', (backend) => {
	let db: Database;
	let current: Feature[];
	beforeAll(async () => {
		db = await backend.open();
		current = await db.asOwner((tx) => tx.query<Feature>(CURRENT_AREAS));
	});
	afterAll(async () => db?.close());

	const apply = <T = undefined>(
		who: Claims,
		features: Feature[],
		opts: { level?: string; dryRun?: boolean } = {},
		after?: (q: OwnerTx['query']) => Promise<T>
	) =>
		scenario(db, who, async (q, owner) => {
			const [{ v }] = await q<{ v: Report }>(APPLY, [
				'kramsk',
				opts.level ?? 'locality',
				JSON.stringify(features),
				'PRG 2026 (test)',
				opts.dryRun ?? false
			]);
			await owner();
			return { report: v, after: after ? await after(q) : undefined };
		});

	const officialCount = (q: OwnerTx['query']) =>
		q<{ n: number }>(
			"select count(*)::int as n from public.localities where area_source = 'official'"
		).then((r) => r[0].n);

	describe('sołectwa: only admins create, rename and assign localities', () => {
		const insert =
			"insert into public.solectwa (region_id, name, slug, soltys) select id, 'Rudzica', 'rudzica', 'Jan Test' from public.regions where slug = 'kramsk' returning id";
		const rename =
			"update public.solectwa set name = 'Bilczew Nowy' where slug = 'bilczew' returning id";
		const assign =
			"insert into public.solectwo_localities (solectwo_id, locality_id) select s.id, l.id from public.solectwa s, public.localities l where s.slug = 'debicz' and l.slug = 'biechowy' returning 1 as n";
		const unassign =
			"delete from public.solectwo_localities where locality_id in (select id from public.localities where slug = 'strumyk') returning 1 as n";
		const run = async (who: Claims, sql: string) => {
			let found = 0;
			const state = await sqlState(
				scenario(db, who, (q) => q(sql)).then((r) => {
					found = r.length;
				})
			);
			return state === 'ok' && found === 0 ? 'no rows' : state;
		};
		const outcome = async (who: Claims) => {
			const out: string[] = [];
			for (const sql of [insert, rename, assign, unassign]) {
				const s = await run(who, sql);
				out.push(s === '42501' ? 'denied' : s);
			}
			return out;
		};

		it('anon is refused everything (42501)', async () => {
			expect(await outcome(anon)).toEqual(['denied', 'denied', 'denied', 'denied']);
		});

		it.each([
			['resident', resident],
			['council', council],
			['organizer', organizer]
		])('%s cannot create, rename or (un)assign', async (_, who) => {
			expect(await outcome(who)).toEqual(['denied', 'no rows', 'denied', 'no rows']);
		});

		it('admin creates, renames, assigns and records the sołtys and population (audited)', async () => {
			expect(await outcome(admin)).toEqual(['ok', 'ok', 'ok', 'ok']);
			const logged = await scenario(db, admin, async (q, owner) => {
				await q(
					`update public.solectwa set soltys = 'Anna Test', soltys_since = '2024-05-01', population = 170,
					 population_year = '2024', population_source = 'Urząd Gminy Kramsk' where slug = 'bilczew'`
				);
				await q(rename);
				await q(assign);
				await owner();
				return q<{ table_name: string; action: string; actor: string; soltys: string | null }>(
					`select table_name, action, actor::text as actor, after ->> 'soltys' as soltys from public.audit_log
					 where table_name in ('solectwa', 'solectwo_localities') order by id desc limit 3`
				);
			});
			expect(logged.map((r) => `${r.table_name}:${r.action}`)).toEqual([
				'solectwo_localities:insert',
				'solectwa:update',
				'solectwa:update'
			]);
			expect(logged.every((r) => r.actor === admin.sub)).toBe(true);
			expect(logged[2].soltys).toBe('Anna Test');
		});

		it('only admins may call apply_official_areas', async () => {
			for (const who of [organizer, council, resident]) {
				expect(await sqlState(apply(who, current, { dryRun: true }))).toBe('42501');
			}
			expect(await sqlState(apply(anon, current, { dryRun: true }))).toBe('42501');
		});
	});

	describe('official boundaries', () => {
		it('the current areas as an official upload pass, replace the areas and flip area_source', async () => {
			const { report, after } = await apply(admin, current, {}, async (q) => ({
				official: await officialCount(q),
				geojson: (
					await q<{ v: { features: { properties: Record<string, unknown> }[] } }>(
						"select public.villages_geojson('kramsk') as v"
					)
				)[0].v,
				audit: (
					await q<{ n: number }>(
						"select count(*)::int as n from public.audit_log where table_name = 'localities' and actor = $1",
						[admin.sub]
					)
				)[0].n,
				region: (
					await q<{ v: { areas: { official: number; total: number } } }>(
						"select public.region_summary('kramsk') as v"
					)
				)[0].v.areas,
				summary: (
					await q<{ v: { slug: string; area_source: string }[] }>(
						"select public.village_summaries('kramsk') as v"
					)
				)[0].v.find((v) => v.slug === 'kramsk'),
				counts: (
					await q<{ bad: number }>(
						`select count(*)::int as bad from public.localities l
						 where address_point_count <> (select count(*) from public.address_points a where a.locality_id = l.id)`
					)
				)[0].bad
			}));
			expect(report.errors).toEqual([]);
			expect(report.features.filter((f) => f.errors.length > 0)).toEqual([]);
			expect(report).toMatchObject({ ok: true, applied: true, warnings: [] });
			expect(report.features).toHaveLength(65);
			expect(after).toMatchObject({
				official: 65,
				audit: 65,
				counts: 0,
				region: { official: 65, total: 65 },
				summary: { area_source: 'official' }
			});
			const kramsk = after?.geojson.features.find((f) => f.properties.slug === 'kramsk');
			expect(kramsk?.properties).toMatchObject({
				area_source: 'official',
				area_source_note: 'PRG 2026 (test)'
			});
		});

		it('a dry run reports success and changes nothing', async () => {
			const { report, after } = await apply(admin, current, { dryRun: true }, officialCount);
			expect(report).toMatchObject({ ok: true, applied: false });
			expect(after).toBe(0);
		});

		it('EPSG:2180 coordinates are accepted and transformed', async () => {
			const metric = await db.asOwner((tx) => tx.query<Feature>(CURRENT_AREAS_2180));
			const { report } = await apply(admin, metric, { dryRun: true });
			expect(report.features.filter((f) => f.errors.length > 0)).toEqual([]);
			expect(report.ok).toBe(true);
		});

		it('overlapping polygons are rejected with a report, and nothing changes', async () => {
			const [grown] = await db.asOwner((tx) =>
				tx.query<Feature>(
					`select l.name, extensions.st_asgeojson(extensions.st_transform(extensions.st_intersection(
					   extensions.st_buffer(extensions.st_transform(area, 2180), 200),
					   extensions.st_transform(r.boundary, 2180)), 4326), 9)::jsonb as geometry
					 from public.localities l join public.regions r on r.id = l.region_id where l.slug = 'patrzykow'`
				)
			);
			const features = current.map((f) => (f.name === 'Patrzyków' ? grown : f));
			const { report, after } = await apply(admin, features, {}, officialCount);
			expect(report).toMatchObject({ ok: false, applied: false });
			expect(report.errors).toEqual([{ code: 'features_failed', count: expect.any(Number) }]);
			const patrzykow = report.features.find((f) => f.label === 'Patrzyków');
			expect(patrzykow?.errors).toEqual([
				expect.objectContaining({ code: 'overlap', area_m2: expect.any(Number) })
			]);
			expect(after).toBe(0);
		});

		it('a polygon outside the gmina is rejected, and nothing changes', async () => {
			// Synthetic square near Łódź, about 70 km away.
			const square = {
				type: 'Polygon',
				coordinates: [
					[
						[19.45, 51.75],
						[19.46, 51.75],
						[19.46, 51.76],
						[19.45, 51.76],
						[19.45, 51.75]
					]
				]
			};
			const features = current.map((f) =>
				f.name === 'Anielew' ? { name: 'Anielew', geometry: square } : f
			);
			const { report, after } = await apply(admin, features, {}, officialCount);
			expect(report.ok).toBe(false);
			const anielew = report.features.find((f) => f.label === 'Anielew');
			expect(anielew?.errors.map((e) => e.code)).toEqual([
				'outside_region',
				'address_points_uncovered'
			]);
			expect(after).toBe(0);
		});

		it('reports invalid geometry with its reason, unreadable input, and unmatched or duplicate names', async () => {
			const bowtie = {
				type: 'Polygon',
				coordinates: [
					[
						[18.3, 52.25],
						[18.31, 52.26],
						[18.31, 52.25],
						[18.3, 52.26],
						[18.3, 52.25]
					]
				]
			};
			const kramsk = current.find((f) => f.name === 'Kramsk') as Feature;
			const { report } = await apply(
				admin,
				[
					{ name: 'Biechowy', geometry: bowtie },
					{ name: 'Nieistniejąca', geometry: kramsk.geometry },
					{ slug: 'kramsk', geometry: kramsk.geometry },
					{ name: 'KRAMSK', geometry: kramsk.geometry },
					{ name: 'Barce', geometry: { type: 'Point', coordinates: [18.4, 52.26] } },
					{ name: 'Borki', geometry: { type: 'Polygon', coordinates: 'x' } }
				],
				{ dryRun: true }
			);
			const codes = report.features.map((f) => f.errors.map((e) => e.code));
			expect(codes[0]).toContain('invalid');
			expect(report.features[0].errors.find((e) => e.code === 'invalid')?.reason).toMatch(
				/self-intersection/i
			);
			expect(codes[1]).toEqual(expect.arrayContaining(['unmatched', 'overlap']));
			expect(codes[2]).toEqual(expect.arrayContaining(['duplicate', 'overlap']));
			expect(codes[3]).toEqual(expect.arrayContaining(['duplicate', 'overlap']));
			expect(codes[4]).toEqual(['not_polygon', 'address_points_uncovered']);
			expect(codes[5][0]).toBe('unreadable');
			expect(report.warnings).toEqual([{ code: 'partial', matched: 4, total: 65 }]);
			expect(report.ok).toBe(false);
		});

		it('a partial upload wins over approximate neighbours: items are re-attached to the official area', async () => {
			let out: { before: string; after: string; report: Report } | undefined;
			await db
				.asOwner(async (tx) => {
					await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [
						admin.sub
					]);
					// Patrzyków grown by 150 m (clipped to the gmina), and a need 100 m outside its old area.
					const [grown] = await tx.query<Feature & { point: string }>(
						`with p as (select extensions.st_transform(area, 2180) as a from public.localities where slug = 'patrzykow'),
						      b as (select extensions.st_transform(boundary, 2180) as b from public.regions where slug = 'kramsk')
						 select 'Patrzyków' as name,
						   extensions.st_asgeojson(extensions.st_transform(extensions.st_intersection(extensions.st_buffer(p.a, 150), b.b), 4326), 9)::jsonb as geometry,
						   extensions.st_asewkt(extensions.st_transform(extensions.st_pointonsurface(extensions.st_intersection(
						     extensions.st_difference(extensions.st_buffer(p.a, 120), extensions.st_buffer(p.a, 80)),
						     extensions.st_buffer(b.b, -10))), 4326)) as point
						 from p, b`
					);
					const [need] = await tx.query<{ id: string; locality: string }>(
						`insert into public.needs (region_id, kind, category, title, point)
						 select id, 'need', 'seniorzy', 'Test obszaru urzędowego', extensions.st_geomfromewkt($1)
						 from public.regions where slug = 'kramsk'
						 returning id::text as id, (select slug from public.localities where id = locality_id) as locality`,
						[grown.point]
					);
					await enterRole(tx, admin);
					const [{ v }] = await tx.query<{ v: Report }>(APPLY, [
						'kramsk',
						'locality',
						JSON.stringify([{ name: grown.name, geometry: grown.geometry }]),
						null,
						false
					]);
					await tx.query("select set_config('role', 'none', true)");
					const [after] = await tx.query<{ locality: string }>(
						`select l.slug as locality from public.needs n join public.localities l on l.id = n.locality_id where n.id = $1`,
						[need.id]
					);
					out = { before: need.locality, after: after.locality, report: v };
					throw new Rollback();
				})
				.catch((e) => {
					if (!(e instanceof Rollback)) throw e;
				});
			expect(out?.report).toMatchObject({
				ok: true,
				applied: true,
				warnings: [{ code: 'partial', matched: 1, total: 65 }]
			});
			expect(out?.before).not.toBe('patrzykow');
			expect(out?.after).toBe('patrzykow');
		});

		it('sołectwo boundaries must cover every address point of their localities', async () => {
			const [whole, partOnly] = await db.asOwner((tx) =>
				tx.query<Feature>(
					`select 'Patrzyków' as name, extensions.st_asgeojson(extensions.st_union(l.area), 9)::jsonb as geometry
					 from public.localities l where l.slug in ('patrzykow', 'nowy-czarkow')
					 union all
					 select 'Patrzyków', extensions.st_asgeojson(l.area, 9)::jsonb from public.localities l where l.slug = 'patrzykow'`
				)
			);
			const bad = await apply(admin, [partOnly], { level: 'solectwo' });
			expect(bad.report.features[0].errors.map((e) => e.code)).toEqual([
				'address_points_uncovered'
			]);
			const good = await apply(admin, [whole], { level: 'solectwo' }, (q) =>
				q<{ area_source: string; has_area: boolean }>(
					"select area_source, area is not null as has_area from public.solectwa where slug = 'patrzykow'"
				)
			);
			expect(good.report).toMatchObject({ ok: true, applied: true });
			expect(good.after).toEqual([{ area_source: 'official', has_area: true }]);
		});
	});
});
