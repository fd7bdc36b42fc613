import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../src/lib/server/db/types.ts';
import { value } from '../../src/lib/server/db/value.ts';
import { checkWinding } from '../winding.ts';
import { backends, claims, tryAs } from './backends.ts';

// RFC 7946 §3.1.6 winding of every geometry the SQL functions give as GeoJSON: exterior rings
// counter-clockwise, holes clockwise. They all write it through private.geojson_geometry
// (ST_ForcePolygonCCW); the stored areas (PRG boundary, Voronoi villages) come clockwise.

const REGION = 'kramsk';
const MIGRATIONS = new URL('../../supabase/migrations/', import.meta.url);

/** A square with a square hole, both rings wound the wrong way for RFC 7946 (EPSG:4326). */
const WRONG_WAY = `extensions.st_geomfromtext('POLYGON((18.0 52.0, 18.0 52.1, 18.1 52.1, 18.1 52.0, 18.0 52.0),
	(18.02 52.02, 18.08 52.02, 18.08 52.08, 18.02 52.08, 18.02 52.02))', 4326)`;

describe('GeoJSON is written in one place', () => {
	it('no migration calls ST_AsGeoJSON except private.geojson_geometry', () => {
		const calls = readdirSync(MIGRATIONS)
			.filter((f) => f.endsWith('.sql'))
			.flatMap((f) =>
				readFileSync(new URL(f, MIGRATIONS), 'utf8')
					.split('\n')
					.filter((line) => /st_asgeojson/i.test(line) && !line.trim().startsWith('--'))
					.map((line) => `${f}: ${line.trim()}`)
			);
		expect(calls).toEqual([
			expect.stringMatching(
				/^20261205000400_regions\.sql: select extensions\.st_asgeojson\(extensions\.st_forcepolygonccw\(p_geometry\), 6\)::json$/
			)
		]);
	});
});

describe.each(backends)('RFC 7946 winding of the GeoJSON made in SQL ($name)', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	it('private.geojson_geometry turns the exterior counter-clockwise and the holes clockwise', async () => {
		const [raw, fixed, point] = await tryAs(db, claims.anon, async (tx) => [
			await value<unknown>(tx, `select extensions.st_asgeojson(${WRONG_WAY}, 6)::json as v`),
			await value<unknown>(tx, `select private.geojson_geometry(${WRONG_WAY}) as v`),
			await value<unknown>(
				tx,
				`select private.geojson_geometry(extensions.st_setsrid(extensions.st_makepoint(18.05, 52.05), 4326)) as v`
			)
		]);
		// The check catches both rings of the input, so it can fail.
		expect(checkWinding(raw, 'input').errors).toHaveLength(2);
		expect(checkWinding(fixed, 'output')).toEqual({ polygons: 1, holes: 1, errors: [] });
		expect(point).toEqual({ type: 'Point', coordinates: [18.05, 52.05] });
	});

	it('every village, sołectwo and gmina area, in every function, is wound per RFC 7946', async () => {
		const reports = await tryAs(db, claims.anon, async (tx: Tx) => {
			const call = (sql: string, params: unknown[]) => value<unknown>(tx, sql, params);
			const scopes = (await call('select public.diagnosis_scopes($1) as v', [REGION])) as {
				villages: { slug: string }[];
				solectwa: { slug: string }[];
			};
			const out: [string, unknown][] = [
				['villages_geojson', await call('select public.villages_geojson($1) as v', [REGION])],
				['region_geojson', await call('select public.region_geojson($1) as v', [REGION])],
				[
					'diagnosis_features gmina',
					await call('select public.diagnosis_features($1, $2, $3) as v', [
						REGION,
						'gmina',
						'gmina'
					])
				]
			];
			for (const { slug } of scopes.villages) {
				out.push([
					`diagnosis_features village ${slug}`,
					await call('select public.diagnosis_features($1, $2, $3) as v', [REGION, 'village', slug])
				]);
				out.push([
					`planning_area village ${slug}`,
					await call('select public.planning_area($1, $2, null) as v', [REGION, slug])
				]);
			}
			// The index names a sołectwo's diagnosis 'solectwo-<slug>'.
			for (const slug of scopes.solectwa.map((s) => s.slug.replace(/^solectwo-/, ''))) {
				out.push([
					`diagnosis_features solectwo ${slug}`,
					await call('select public.diagnosis_features($1, $2, $3) as v', [
						REGION,
						'solectwo',
						slug
					])
				]);
				out.push([
					`planning_area solectwo ${slug}`,
					await call('select public.planning_area($1, null, $2) as v', [REGION, slug])
				]);
			}
			return out.map(([where, json]) => checkWinding(json, where));
		});
		expect(reports.flatMap((r) => r.errors)).toEqual([]);
		// 65 village areas in villages.geojson; every function gave at least one polygon.
		expect(reports[0].polygons).toBeGreaterThanOrEqual(65);
		expect(reports.every((r) => r.polygons > 0)).toBe(true);
	});
});
