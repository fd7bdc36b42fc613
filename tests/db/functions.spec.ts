import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import { root } from '../../scripts/sql-files.ts';
import { backends, claims, sqlState, tryAs } from './backends.ts';

const regionDir = join(root, 'data', 'regions', 'kramsk');
const addressRows = Papa.parse<Record<string, string>>(
	readFileSync(join(regionDir, 'address_points.csv'), 'utf8'),
	{
		header: true,
		skipEmptyLines: true
	}
).data;

type Feature = { id: number; geometry: { type: string }; properties: Record<string, unknown> };

describe.each(backends)('SQL functions on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => db?.close());

	const one = async <T>(sql: string, params: unknown[] = []) =>
		tryAs(db, claims.anon, async (tx) => (await tx.query<{ v: T }>(sql, params))[0].v);

	it('villages_geojson has one feature per locality with the documented properties', async () => {
		const fc = await one<{ features: Feature[] }>("select public.villages_geojson('kramsk') as v");
		const localities = new Set(addressRows.map((r) => r.locality));
		expect(fc.features).toHaveLength(localities.size);
		expect(fc.features).toHaveLength(65);
		const kramsk = fc.features.find((f) => f.properties.slug === 'kramsk');
		expect(kramsk?.geometry.type).toBe('MultiPolygon');
		expect(kramsk?.properties).toMatchObject({ name: 'Kramsk', solectwo: 'Kramsk' });
		expect(kramsk?.properties.address_points).toBe(
			addressRows.filter((r) => r.locality === 'Kramsk').length
		);
		for (const key of [
			'id',
			'name',
			'slug',
			'solectwo',
			'address_points',
			'label_lon',
			'label_lat'
		]) {
			expect(kramsk?.properties).toHaveProperty(key);
		}
		// Unknown membership stays null: never guessed (Biechowy has no sołectwo in the sources).
		expect(
			fc.features.find((f) => f.properties.slug === 'biechowy')?.properties.solectwo
		).toBeNull();
	});

	it('villages_svg draws every village as SVG path data in a 1000-unit box, for anyone', async () => {
		type Svg = {
			width: number;
			height: number;
			outline: string;
			villages: { id: number; slug: string; name: string; d: string; x: number; y: number }[];
		};
		const svg = await one<Svg>("select public.villages_svg('kramsk') as v");
		const fc = await one<{ features: Feature[] }>("select public.villages_geojson('kramsk') as v");
		// The list's order (Polish alphabetical), one area per village.
		expect(svg.villages.map((village) => village.slug)).toEqual(
			fc.features.map((feature) => feature.properties.slug)
		);
		expect(Math.max(svg.width, svg.height)).toBe(1000);
		expect(Math.min(svg.width, svg.height)).toBeGreaterThan(100);
		// Relative moves in whole units (ST_AsSVG rel=1, no decimals), closed rings.
		for (const path of [svg.outline, ...svg.villages.map((village) => village.d)])
			expect(path).toMatch(/^M -?\d+ -?\d+ l( -?\d+)+ z( M -?\d+ -?\d+ l( -?\d+)+ z)*$/);
		for (const village of svg.villages) {
			expect(village.x).toBeGreaterThanOrEqual(0);
			expect(village.x).toBeLessThanOrEqual(svg.width);
			expect(village.y).toBeGreaterThanOrEqual(0);
			expect(village.y).toBeLessThanOrEqual(svg.height);
		}
		// Small enough for the first screen's HTML.
		expect(JSON.stringify(svg).length).toBeLessThan(30_000);
		expect(await one("select public.villages_svg('nie-ma-takiego') as v")).toBeNull();
	});

	it('locality areas cover the gmina within 2 % and do not overlap', async () => {
		const row = await tryAs(
			db,
			claims.anon,
			async (tx) =>
				(
					await tx.query<{
						sum_km2: number;
						gmina_km2: number;
						overlap_m2: number;
						invalid: number;
					}>(`
					select
					  (select sum(extensions.st_area(area::extensions.geography)) / 1e6 from public.localities)::float8 as sum_km2,
					  (select extensions.st_area(boundary::extensions.geography) / 1e6 from public.regions where slug = 'kramsk')::float8 as gmina_km2,
					  (select coalesce(sum(extensions.st_area(extensions.st_intersection(a.area, b.area)::extensions.geography)), 0)
					     from public.localities a join public.localities b
					       on a.id < b.id and extensions.st_intersects(a.area, b.area))::float8 as overlap_m2,
					  (select count(*) from public.localities where not extensions.st_isvalid(area))::int as invalid`)
				)[0]
		);
		expect(Math.abs(row.sum_km2 / row.gmina_km2 - 1)).toBeLessThan(0.02);
		expect(row.gmina_km2).toBeGreaterThan(131);
		expect(row.overlap_m2).toBeLessThan(1);
		expect(row.invalid).toBe(0);
	});

	it('search_addresses finds "Kramsk Pogorzelna 6" at its PRG position, with or without case and diacritics', async () => {
		const prg = addressRows.find(
			(r) => r.locality === 'Kramsk' && r.street === 'Pogorzelna' && r.housenumber === '6'
		);
		expect(prg).toBeDefined();
		for (const q of [
			'Kramsk Pogorzelna 6',
			'kramsk pogorzelna 6',
			'KRAMSK, POGORZELNA 6',
			'Kramsk, ul. Pogorzelna 6'
		]) {
			const hits = await one<{ label: string; lon: number; lat: number }[]>(
				"select public.search_addresses('kramsk', $1, 5) as v",
				[q]
			);
			expect(hits[0]).toMatchObject({
				label: 'Kramsk, Pogorzelna 6',
				lon: Number(prg?.lon),
				lat: Number(prg?.lat)
			});
		}
		const folded = await one<{ locality: string }[]>(
			"select public.search_addresses('kramsk', 'wola podlezna', 3) as v"
		);
		expect(folded.length).toBe(3);
		expect(folded.every((h) => h.locality === 'Wola Podłężna')).toBe(true);
		const none = await one<unknown[]>(
			"select public.search_addresses('kramsk', 'zzzz qqq', 5) as v"
		);
		expect(none).toEqual([]);
	});

	it('whole house numbers rank before prefixes ("6" before "6A" and "16")', async () => {
		const hits = await one<{ housenumber: string }[]>(
			"select public.search_addresses('kramsk', 'kramsk pogorzelna 1', 5) as v"
		);
		expect(hits[0].housenumber).toBe('1');
		expect(hits.slice(1).every((h) => h.housenumber.startsWith('1'))).toBe(true);
	});

	type Hit = { kind: string; label: string; slug: string; bbox: number[] | null };

	it('pg_trgm is installed in schema extensions (the search relies on its functions)', async () => {
		const rows = await tryAs(db, claims.anon, (tx) =>
			tx.query<{ schema: string }>(
				"select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'"
			)
		);
		expect(rows).toEqual([{ schema: 'extensions' }]);
	});

	it.each(['Wysokie', 'Bilczew', 'wysokie'])(
		'searching "%s" offers the village itself first, with its area, then its addresses',
		async (q) => {
			const hits = await one<Hit[]>("select public.search_addresses('kramsk', $1, 10) as v", [q]);
			const name = q[0].toUpperCase() + q.slice(1);
			expect(hits[0]).toMatchObject({ kind: 'locality', label: name });
			const [west, south, east, north] = hits[0].bbox ?? [];
			expect(west).toBeLessThan(east);
			expect(south).toBeLessThan(north);
			expect(hits).toHaveLength(10);
			const addresses = hits.filter((h) => h.kind === 'address');
			expect(addresses.length).toBeGreaterThan(0);
			expect(hits.findIndex((h) => h.kind === 'address')).toBe(hits.length - addresses.length);
			expect(addresses.every((h) => h.bbox === null)).toBe(true);
		}
	);

	it('tolerates typos when nothing matches exactly: "Krmsk" offers Kramsk first', async () => {
		const hits = await one<Hit[]>("select public.search_addresses('kramsk', 'Krmsk', 10) as v");
		expect(hits[0]).toMatchObject({ kind: 'locality', label: 'Kramsk', slug: 'kramsk' });
		const street = await one<Hit[]>(
			"select public.search_addresses('kramsk', 'Krmsk Pogorzelna 6', 3) as v"
		);
		expect(street[0]).toMatchObject({ kind: 'address', label: 'Kramsk, Pogorzelna 6' });
	});

	it('an exact match is not diluted by similar spellings; nonsense still finds nothing', async () => {
		// "Kramsk Pogorzelna 6" matches exactly, so no locality (the words are not all in a name)
		// and no look-alike from the typo pass.
		const hits = await one<Hit[]>(
			"select public.search_addresses('kramsk', 'Kramsk Pogorzelna 6', 50) as v"
		);
		expect(
			hits.every((h) => h.kind === 'address' && h.label.startsWith('Kramsk, Pogorzelna 6'))
		).toBe(true);
		expect(
			await one<Hit[]>("select public.search_addresses('kramsk', 'qqqq xxxx', 5) as v")
		).toEqual([]);
	});

	it('unknown filter values raise invalid_parameter_value (22023)', async () => {
		expect(
			await sqlState(one("select public.needs_geojson('kramsk', 'nope', null, null) as v"))
		).toBe('22023');
		expect(
			await sqlState(
				one(
					"select public.resources_geojson('kramsk', null, 'nowhere', null, 1, null, 'x', 'y') as v"
				)
			)
		).toBe('42883');
		expect(
			await sqlState(one("select public.resources_geojson('kramsk', null, 'nowhere') as v"))
		).toBe('22023');
		expect(
			await sqlState(one("select public.resources_geojson('kramsk', 'seniorzy', null) as v"))
		).toBe('22023');
	});

	it('region_summary gives the bbox and area of the PRG boundary', async () => {
		const r = await one<{ name: string; teryt: string; bbox: number[]; area_km2: number }>(
			"select public.region_summary('kramsk') as v"
		);
		expect(r).toMatchObject({ name: 'Gmina Kramsk', teryt: '3010052' });
		const [w, s, e, n] = r.bbox;
		expect(w).toBeCloseTo(18.2779, 3);
		expect(s).toBeCloseTo(52.2064, 3);
		expect(e).toBeCloseTo(18.5365, 3);
		expect(n).toBeCloseTo(52.3241, 3);
		expect(r.area_km2).toBeGreaterThan(131);
		expect(r.area_km2).toBeLessThan(133);
	});

	it('village_summaries counts only published items and labels the derived point', async () => {
		const villages = await one<
			{
				slug: string;
				needs: number;
				solectwa: string[];
				population: number | null;
				population_year: string | null;
			}[]
		>("select public.village_summaries('kramsk') as v");
		expect(villages).toHaveLength(65);
		const patrzykow = villages.find((v) => v.slug === 'patrzykow');
		expect(patrzykow).toMatchObject({
			population: 256,
			population_year: '2021',
			solectwa: ['Patrzyków']
		});
		expect(villages.find((v) => v.slug === 'kramsk')?.population).toBeNull();
	});

	it('village_summaries puts every label point inside its own village, off the area edges', async () => {
		const outside = await one<string[]>(
			`select coalesce(json_agg(l.name), '[]'::json) as v
			from json_array_elements(public.village_summaries('kramsk')) s
			join public.localities l on l.slug = s->>'slug'
			where not extensions.st_contains(l.area, extensions.st_setsrid(extensions.st_makepoint(
				(s->>'label_lon')::float8, (s->>'label_lat')::float8), 4326))`
		);
		expect(outside).toEqual([]);
		// Kramsk's label sits deeper in its area than the median of its address points does.
		const depth = await one<{ label: number; median: number }>(
			`select json_build_object(
				'label', extensions.st_distance(extensions.st_boundary(l.area)::extensions.geography,
					extensions.st_setsrid(extensions.st_makepoint((s->>'label_lon')::float8,
						(s->>'label_lat')::float8), 4326)::extensions.geography),
				'median', extensions.st_distance(extensions.st_boundary(l.area)::extensions.geography,
					l.point::extensions.geography)) as v
			from json_array_elements(public.village_summaries('kramsk')) s
			join public.localities l on l.slug = s->>'slug'
			where l.slug = 'kramsk'`
		);
		expect(depth.label).toBeGreaterThanOrEqual(depth.median);
	});
});
