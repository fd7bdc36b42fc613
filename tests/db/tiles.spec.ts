import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database } from '../../src/lib/server/db/types.ts';
import {
	readTile,
	type TileAddress,
	type TileFilters,
	type TileLayer
} from '../../src/lib/server/tiles/tiles.ts';
import { backends, claims, sqlState, tryAs } from './backends.ts';

// Vector tiles under RLS on every backend: ST_AsMVT on PostgreSQL, geojson-vt + vt-pbf over the
// same SQL rows on PGlite. Each tile is decoded as a map client would.

const REGION = 'kramsk';

/** The XYZ tile holding a point (Web Mercator, as MapLibre requests them). */
function tileOf(lon: number, lat: number, z: number): TileAddress {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return {
		z,
		x: Math.floor(((lon + 180) / 360) * n),
		y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
	};
}

/** A tile's column and row interleaved bit by bit (column on the even bits): its Morton code. */
function morton(x: number, y: number): bigint {
	let code = 0n;
	for (let bit = 0; bit < 22; bit++) {
		code |= BigInt((x >> bit) & 1) << BigInt(2 * bit);
		code |= BigInt((y >> bit) & 1) << BigInt(2 * bit + 1);
	}
	return code;
}

type Props = Record<string, string | number | boolean>;

/** A tile's features as a map client decodes them. */
function decode(bytes: Uint8Array, layer: TileLayer, t: TileAddress) {
	const decoded = new VectorTile(new PbfReader(bytes)).layers[layer];
	const out: { id: number | undefined; props: Props; lonLat: number[] }[] = [];
	for (let i = 0; i < (decoded?.length ?? 0); i++) {
		const f = decoded.feature(i);
		const geometry = f.toGeoJSON(t.x, t.y, t.z).geometry;
		out.push({
			id: f.id,
			props: f.properties,
			lonLat: geometry.type === 'Point' ? geometry.coordinates : []
		});
	}
	return out;
}

async function features(
	db: Database,
	layer: TileLayer,
	t: TileAddress,
	filters: TileFilters = {},
	as: Claims = claims.anon
) {
	const bytes = await tryAs(db, as, (tx) => readTile(tx, layer, REGION, t, filters));
	return decode(bytes, layer, t);
}

class Rollback extends Error {}

describe.each(backends)('vector tiles on $name', (backend) => {
	let db: Database;
	let lon = 0;
	let lat = 0;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		db = await backend.open();
		await db.asOwner(async (tx) => {
			const [p] = await tx.query<{ lon: number; lat: number }>(
				`select extensions.st_x(point) as lon, extensions.st_y(point) as lat
				 from public.localities where slug = 'wysokie'`
			);
			({ lon, lat } = p);
			const add = async (name: string, status: string, kind: string, dx: number) => {
				const [row] = await tx.query<{ id: string }>(
					`insert into public.needs (region_id, kind, category, title, point, status)
					 select l.region_id, $3, 'seniorzy', $1,
					   extensions.st_setsrid(extensions.st_makepoint($4, $5), 4326), $2
					 from public.localities l where l.slug = 'wysokie' returning id::text as id`,
					[name, status, kind, lon + dx, lat]
				);
				ids[name] = row.id;
			};
			await add('Kafel publiczny', 'published', 'need', 0.00001);
			await add('Kafel pomysł', 'done', 'idea', 0.00002);
			await add('Kafel zgłoszony', 'new', 'need', 0.00003);
			await add('Kafel ukryty', 'published', 'need', 0.00004);
			await tx.query(`update public.needs set hidden_at = now() where id = $1`, [
				ids['Kafel ukryty']
			]);
			await tx.query(
				`insert into public.resources (region_id, category, name, point, status, step_free, amenities)
				 select l.region_id, (select slug from public.resource_categories order by slug limit 1),
				   v.name, extensions.st_setsrid(extensions.st_makepoint($1, $2), 4326), v.status, 'yes',
				   array['wifi', 'toilets']
				 from public.localities l, (values ('Kafel świetlica', 'published'), ('Kafel szkic', 'draft')) v (name, status)
				 where l.slug = 'wysokie'`,
				[lon + 0.00005, lat]
			);
		});
	});
	afterAll(async () => {
		await db?.asOwner(async (tx) => {
			await tx.query(`delete from public.needs where title like 'Kafel %'`);
			await tx.query(`delete from public.resources where name like 'Kafel %'`);
		});
		await db?.close();
	});

	it('give anon the public needs of a tile and never an unmoderated or hidden one', async () => {
		const shown = await features(db, 'needs', tileOf(lon, lat, 16));
		const titles = shown.map((f) => f.props.title);
		expect(titles).toContain('Kafel publiczny');
		expect(titles).toContain('Kafel pomysł');
		expect(titles).not.toContain('Kafel zgłoszony');
		expect(titles).not.toContain('Kafel ukryty');
		const need = shown.find((f) => f.props.title === 'Kafel publiczny');
		expect(need?.props).toMatchObject({ id: ids['Kafel publiczny'], kind: 'need' });
		expect(need?.props.ref).toMatch(/^KR-/);
		expect(need?.lonLat[0]).toBeCloseTo(lon + 0.00001, 4);
		expect(need?.lonLat[1]).toBeCloseTo(lat, 4);
	});

	it('show staff the same public tile, drafts left out', async () => {
		const staff = await features(db, 'needs', tileOf(lon, lat, 16), {}, claims.organizer);
		const titles = staff.map((f) => f.props.title);
		expect(titles).toContain('Kafel publiczny');
		expect(titles).not.toContain('Kafel zgłoszony');
	});

	it('cluster needs at low zoom, counting each public need once', async () => {
		const t = tileOf(lon, lat, 10);
		const shown = await features(db, 'needs', t);
		const clusters = shown.filter((f) => typeof f.props.point_count === 'number');
		expect(clusters.length).toBeGreaterThan(0);
		expect(clusters.every((c) => Number(c.props.point_count) >= 2)).toBe(true);
		expect(clusters.every((c) => String(c.props.point_count_abbreviated) !== '')).toBe(true);
		const total = shown.reduce((sum, f) => sum + (Number(f.props.point_count) || 1), 0);
		// The same tile counted by the owner, with the public predicate spelled out.
		const [expected] = await db.asOwner((tx) =>
			tx.query<{ n: number }>(
				`select count(*)::int as n from public.needs x
				 where x.status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
				   and x.hidden_at is null
				   and x.point operator(extensions.&&) extensions.st_transform(extensions.st_tileenvelope($1, $2, $3), 4326)`,
				[t.z, t.x, t.y]
			)
		);
		expect(total).toBe(expected.n);
	});

	it('filter needs by kind, category and status, open meaning not done', async () => {
		const t = tileOf(lon, lat, 16);
		const titles = async (filters: TileFilters) =>
			(await features(db, 'needs', t, filters)).map((f) => f.props.title);
		expect(await titles({ kind: 'idea' })).toEqual(['Kafel pomysł']);
		expect(await titles({ status: 'open' })).not.toContain('Kafel pomysł');
		expect(await titles({ status: 'done', category: 'seniorzy' })).toContain('Kafel pomysł');
		expect(await titles({ category: 'edukacja' })).not.toContain('Kafel publiczny');
	});

	it('beyond 20,000 public needs, count low zooms per village from the tallies', async () => {
		const t = tileOf(lon, lat, 10);
		let shown: ReturnType<typeof decode> = [];
		let ideas: ReturnType<typeof decode> = [];
		let near: ReturnType<typeof decode> = [];
		const mid: ReturnType<typeof decode>[] = [];
		let expected = { all: 0, ideas: 0, points: [] as number[][] };
		const midTiles = [tileOf(lon, lat, 14), tileOf(lon, lat, 15)];
		let midCounts: number[] = [];
		await db
			.asOwner(async (tx) => {
				// 20,001 public needs spread over every village, written with the triggers off and
				// the tallies rebuilt once (as a bulk load would).
				await tx.query("set local session_replication_role = 'replica'");
				await tx.query(
					`insert into public.needs (region_id, kind, category, title, point, status, locality_id, ref)
					 select l.region_id, case when i % 4 = 0 then 'idea' else 'need' end, 'seniorzy',
					   'Kafel masowy ' || i, extensions.st_translate(l.point, 0.002, 0), 'published', l.id,
					   'KM-' || i
					 from generate_series(0, 20000) i
					 join public.localities l on l.id = (select array_agg(id order by id)
					   from public.localities)[1 + i % (select count(*) from public.localities)::int]`
				);
				await tx.query("set local session_replication_role = 'origin'");
				await tx.query('select private.recount_need_tallies()');
				const [counted] = await tx.query<{ all: number; ideas: number; points: number[][] }>(
					`select count(*)::int as all, (count(*) filter (where x.kind = 'idea'))::int as ideas,
					   json_agg(distinct jsonb_build_array(extensions.st_x(l.point), extensions.st_y(l.point))) as points
					 from public.needs x join public.localities l on l.id = x.locality_id
					 where x.status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
					   and x.hidden_at is null
					   and l.point operator(extensions.&&) extensions.st_transform(extensions.st_tileenvelope($1, $2, $3), 4326)`,
					[t.z, t.x, t.y]
				);
				expected = counted;
				midCounts = [];
				for (const m of midTiles) {
					const [row] = await tx.query<{ n: number }>(
						`select count(*)::int as n from public.needs x
						 where x.status in ('published', 'in_analysis', 'planned', 'in_progress', 'done')
						   and x.hidden_at is null
						   and x.point operator(extensions.&&) extensions.st_transform(extensions.st_tileenvelope($1, $2, $3), 4326)`,
						[m.z, m.x, m.y]
					);
					midCounts.push(row.n);
				}
				await enterRole(tx, claims.anon);
				shown = decode(await readTile(tx, 'needs', REGION, t), 'needs', t);
				ideas = decode(await readTile(tx, 'needs', REGION, t, { kind: 'idea' }), 'needs', t);
				const z16 = tileOf(lon, lat, 16);
				near = decode(await readTile(tx, 'needs', REGION, z16), 'needs', z16);
				for (const m of midTiles)
					mid.push(decode(await readTile(tx, 'needs', REGION, m), 'needs', m));
				throw new Rollback();
			})
			.catch((e) => {
				if (!(e instanceof Rollback)) throw e;
			});
		const total = (fs: typeof shown) => fs.reduce((sum, f) => sum + Number(f.props.point_count), 0);
		// One cluster per village at the village's point (the needs lie 0.002° east of it), every
		// need of the tile's villages counted once.
		expect(shown.every((f) => typeof f.props.point_count === 'number')).toBe(true);
		const atVillage = (p: number[]) =>
			expected.points.some(([x, y]) => Math.abs(x - p[0]) < 2e-4 && Math.abs(y - p[1]) < 2e-4);
		expect(shown.every((f) => atVillage(f.lonLat))).toBe(true);
		expect(new Set(shown.map((f) => f.lonLat.join())).size).toBe(shown.length);
		expect(total(shown)).toBe(expected.all);
		expect(total(ideas)).toBe(expected.ideas);
		// From zoom 14 the needs themselves are clustered, from the zoom-18 cell tallies: every
		// public need of the tile counted once, a lone need shown as itself, each cluster inside
		// its tile; with their own popups at zoom 16.
		const counted = (fs: typeof shown) =>
			fs.reduce(
				(sum, f) => sum + (typeof f.props.point_count === 'number' ? f.props.point_count : 1),
				0
			);
		expect(mid.map(counted)).toEqual(midCounts);
		expect(midCounts[0]).toBeGreaterThan(1);
		for (const [i, fs] of mid.entries()) {
			const t = midTiles[i];
			for (const f of fs) {
				const at = tileOf(f.lonLat[0], f.lonLat[1], t.z);
				expect([at.x, at.y]).toEqual([t.x, t.y]);
				if (typeof f.props.point_count !== 'number') expect(f.props.title).toMatch(/^Kafel/);
			}
		}
		expect(near.some((f) => f.props.title === 'Kafel publiczny')).toBe(true);
	});

	it('find a tile’s needs by one range of Morton keys, on an index that RLS lets the planner use', async () => {
		// PostGIS's && is not LEAKPROOF, so under the policy it cannot drive needs_point_idx; an
		// integer range can. With sequential scans off, the plan shows which index can serve.
		const plan = await tryAs(db, claims.anon, async (tx) => {
			await tx.query('set local enable_seqscan = off');
			return (
				await tx.query<{ 'QUERY PLAN': string }>(
					`explain select x.id from public.needs x where x.tile_key between $1 and $2`,
					[0, 2 ** 40]
				)
			)
				.map((r) => r['QUERY PLAN'])
				.join('\n');
		});
		expect(plan).toMatch(/needs_public_tile_key_idx/);
		// A clustered tile's cell counts come from the primary key alone, its consecutive pages.
		const cells = await tryAs(db, claims.anon, async (tx) => {
			await tx.query('set local enable_seqscan = off');
			await tx.query('set local enable_bitmapscan = off');
			return (
				await tx.query<{ 'QUERY PLAN': string }>(
					`explain select c.cell >> 8, sum(c.needs), sum(c.lon_sum), sum(c.lat_sum)
					 from public.need_tile_cells c
					 where c.region_id = 1 and c.cell between $1 and $2 and c.kind = 'need'
					 group by 1`,
					[0, 2 ** 36]
				)
			)
				.map((r) => r['QUERY PLAN'])
				.join('\n');
		});
		expect(cells).toMatch(/Index Only Scan using need_tile_cells_pkey/);
		// The key is the zoom-20 tile of the point, its column's bits at even positions and its
		// row's at odd ones; the zoom-14 tile around it is the key's top 28 bits.
		const [row] = await db.asOwner((tx) =>
			tx.query<{ key: string }>('select tile_key::text as key from public.needs where id = $1', [
				ids['Kafel publiczny']
			])
		);
		const t = tileOf(lon + 0.00001, lat, 20);
		expect(BigInt(row.key)).toBe(morton(t.x, t.y));
		const z14 = tileOf(lon + 0.00001, lat, 14);
		expect(BigInt(row.key) >> 12n).toBe(morton(z14.x, z14.y));
	});

	it('refuse a tile outside the grid and an unknown filter value with 22023', async () => {
		const read = (t: TileAddress, filters: TileFilters = {}) =>
			sqlState(tryAs(db, claims.anon, (tx) => readTile(tx, 'needs', REGION, t, filters)));
		expect(await read({ z: 3, x: 8, y: 0 })).toBe('22023');
		expect(await read({ z: 23, x: 0, y: 0 })).toBe('22023');
		expect(await read({ z: 16, x: 0, y: 0 }, { kind: 'plotka' })).toBe('22023');
		expect(await read({ z: 16, x: 0, y: 0 }, { status: 'new' })).toBe('22023');
		expect(await read({ z: 16, x: 0, y: 0 }, { category: 'nie-ma' })).toBe('22023');
	});

	it('give village areas with their locality id and resources as published', async () => {
		const t = tileOf(lon, lat, 12);
		const villages = await features(db, 'villages', t);
		const [wysokie] = await db.asOwner((tx) =>
			tx.query<{ id: string }>(
				`select id::text as id from public.localities where slug = 'wysokie'`
			)
		);
		const village = villages.find((f) => f.props.slug === 'wysokie');
		expect(village?.id).toBe(Number(wysokie.id));
		expect(village?.props.name).toBeTruthy();

		const resources = await features(db, 'resources', tileOf(lon, lat, 16));
		const names = resources.map((f) => f.props.name);
		expect(names).toContain('Kafel świetlica');
		expect(names).not.toContain('Kafel szkic');
		const hall = resources.find((f) => f.props.name === 'Kafel świetlica');
		// Everything the map's resource popup shows comes with the tile.
		expect(hall?.props).toMatchObject({
			amenities: 'wifi,toilets',
			step_free: 'yes',
			category: expect.any(String),
			category_label: expect.any(String),
			locality: expect.any(String),
			locality_slug: 'wysokie'
		});
	});
});
