import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type { AreaLevel, AreaReport, AreaSource } from '$lib/region/area-import-report';
import type { UploadFeature } from './parse.ts';

export type { AreaLevel, AreaReport, AreaSource };

// Region administration queries. Plain table reads and writes under RLS (the
// policies let only admins write), plus the validation-and-apply function of the migration
// 20261205000400_regions.sql. SQL text constant, values bound.

export interface AdminLocality {
	id: number;
	name: string;
	population: number | null;
	population_year: string | null;
	population_source: string | null;
	area_source: AreaSource;
	address_points: number;
}

export interface AdminSolectwo extends SolectwoFields {
	id: number;
	area_source: AreaSource;
	locality_ids: number[];
}

export async function listLocalities(tx: Tx, region: string): Promise<AdminLocality[]> {
	return tx.query<AdminLocality>(
		`select l.id::int as id, l.name, l.population, l.population_year, l.population_source,
		   l.area_source, l.address_point_count as address_points
		 from public.localities l join public.regions r on r.id = l.region_id
		 where r.slug = $1 order by private.sort_key_pl(l.name), l.id`,
		[region]
	);
}

export async function listSolectwa(tx: Tx, region: string): Promise<AdminSolectwo[]> {
	return tx.query<AdminSolectwo>(
		`select s.id::int as id, s.name, s.soltys, s.soltys_since::text as soltys_since, s.population,
		   s.population_year, coalesce(s.population_source, s.population_note) as population_source,
		   s.area_source,
		   coalesce((select array_agg(sl.locality_id::int order by sl.locality_id)
		     from public.solectwo_localities sl where sl.solectwo_id = s.id), '{}') as locality_ids
		 from public.solectwa s join public.regions r on r.id = s.region_id
		 where r.slug = $1 order by private.sort_key_pl(s.name), s.id`,
		[region]
	);
}

/** The new sołectwo's id, or null when RLS refused it (not an admin). Throws 23505 on a duplicate name. */
export async function createSolectwo(tx: Tx, region: string, name: string): Promise<number | null> {
	const rows = await tx.query<{ id: number }>(
		`insert into public.solectwa (region_id, name, slug)
		 select r.id, $2, private.slugify($2) from public.regions r where r.slug = $1
		 returning id::int as id`,
		[region, name]
	);
	return rows[0]?.id ?? null;
}

export interface SolectwoFields {
	name: string;
	soltys: string | null;
	soltys_since: string | null;
	population: number | null;
	population_year: string | null;
	population_source: string | null;
}

/** Renaming also renames the slug, so uploads match the new name. False when no row was updated. */
export async function updateSolectwo(tx: Tx, id: number, f: SolectwoFields): Promise<boolean> {
	const rows = await tx.query(
		`update public.solectwa set name = $2, slug = private.slugify($2), soltys = $3,
		   soltys_since = $4::date, population = $5, population_year = $6, population_source = $7
		 where id = $1 returning id`,
		[id, f.name, f.soltys, f.soltys_since, f.population, f.population_year, f.population_source]
	);
	return rows.length > 0;
}

/** Replaces the sołectwo's localities with `localityIds` (only localities of its region). */
export async function setSolectwoLocalities(
	tx: Tx,
	id: number,
	localityIds: number[]
): Promise<void> {
	await tx.query(
		`delete from public.solectwo_localities
		 where solectwo_id = $1 and not (locality_id = any ($2::bigint[]))`,
		[id, localityIds]
	);
	await tx.query(
		`insert into public.solectwo_localities (solectwo_id, locality_id)
		 select s.id, l.id from public.solectwa s
		 join public.localities l on l.region_id = s.region_id and l.id = any ($2::bigint[])
		 where s.id = $1
		 on conflict do nothing`,
		[id, localityIds]
	);
}

export interface PopulationFields {
	population: number | null;
	population_year: string | null;
	population_source: string | null;
}

export async function updateLocalityPopulation(
	tx: Tx,
	id: number,
	f: PopulationFields
): Promise<boolean> {
	const rows = await tx.query(
		`update public.localities set population = $2, population_year = $3, population_source = $4
		 where id = $1 returning id`,
		[id, f.population, f.population_year, f.population_source]
	);
	return rows.length > 0;
}

export async function applyOfficialAreas(
	tx: Tx,
	region: string,
	level: AreaLevel,
	features: UploadFeature[],
	note: string | null,
	dryRun: boolean
): Promise<AreaReport> {
	return value<AreaReport>(
		tx,
		'select private.apply_official_areas($1, $2, $3::text::jsonb, $4, $5) as v',
		[region, level, JSON.stringify(features), note, dryRun]
	);
}
