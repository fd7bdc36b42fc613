import type { Tx } from '../db/types.ts';
import { cachedAnalysis } from '../cache/analysis.ts';
import { value } from '../db/value.ts';
import type {
	AddressHit,
	Category,
	NeedListItem,
	RegionSummary,
	VillageSummary,
	VillagesSvg
} from '$lib/types';

// Every request-time query is a call of a SQL function defined in supabase/migrations; the SQL
// text here is constant and every value is a bound parameter.

export const regionSummary = (tx: Tx, region: string) =>
	value<RegionSummary | null>(tx, 'select public.region_summary($1) as v', [region]);

/**
 * Every village with its public counts and label point. The same for every audience (published
 * resources and public needs only), and its label points (the largest inscribed circle of every
 * area) cost tens of milliseconds, hundreds on the embedded database: kept per region and data
 * version, so a page load reads one number instead.
 */
export const villageSummaries = (tx: Tx, region: string) =>
	cachedAnalysis(tx, region, ['village_summaries'], () =>
		value<VillageSummary[]>(tx, 'select public.village_summaries($1) as v', [region])
	);

export const villagesSvg = (tx: Tx, region: string) =>
	value<VillagesSvg | null>(tx, 'select public.villages_svg($1) as v', [region]);

/**
 * The villages as the first screen's static SVG map, drawn before (and without) MapLibre. Its
 * label points cost tens of milliseconds per drawing, so like the summaries it is kept per region
 * and data version; village areas are public, one copy serves every audience.
 */
export const villageMap = (tx: Tx, region: string) =>
	cachedAnalysis(tx, region, ['villages_svg'], () => villagesSvg(tx, region));

export const categories = (tx: Tx) =>
	value<{ need: Category[]; resource: Category[] }>(tx, 'select public.categories() as v', []);

export const demoDataPresent = (tx: Tx) =>
	value<boolean>(tx, 'select public.demo_data_present() as v', []);

export const searchAddresses = (tx: Tx, region: string, query: string, limit: number) =>
	value<AddressHit[]>(tx, 'select public.search_addresses($1, $2, $3) as v', [
		region,
		query,
		limit
	]);

// GeoJSON bodies travel as text: PostgreSQL serialises them once, the server passes them through.
export const regionGeojson = (tx: Tx, region: string) =>
	value<string | null>(tx, 'select public.region_geojson($1)::text as v', [region]);

export const villagesGeojson = (tx: Tx, region: string) =>
	value<string>(tx, 'select public.villages_geojson($1)::text as v', [region]);

/** One page of the published resources as GeoJSON; `next_after` names the next page's `after`. */
export const resourcesGeojson = (
	tx: Tx,
	region: string,
	category: string | null,
	village: string | null,
	page: { bbox?: readonly number[] | null; limit?: number | null; after?: string | null } = {}
) =>
	value<string>(
		tx,
		'select public.resources_geojson($1, $2, $3, $4, coalesce($5, 1000), $6)::text as v',
		[region, category, village, page.bbox ?? null, page.limit ?? null, page.after ?? null]
	);

/** One page of the public needs as GeoJSON; `next_after` in it names the next page's `after`. */
export const needsGeojson = (
	tx: Tx,
	region: string,
	filters: {
		category: string | null;
		village: string | null;
		status: string | null;
		bbox?: readonly number[] | null;
		limit?: number | null;
		after?: string | null;
	}
) =>
	value<string>(
		tx,
		'select public.needs_geojson($1, $2, $3, $4, $5, coalesce($6, 1000), $7)::text as v',
		[
			region,
			filters.category,
			filters.village,
			filters.status,
			filters.bbox ?? null,
			filters.limit ?? null,
			filters.after ?? null
		]
	);

/**
 * The recently realised public needs ("Zrealizowane"), newest realisation first: by the date of
 * their latest public 'done' event, not by the date of the report.
 */
export async function realisedNeedItems(
	tx: Tx,
	region: string,
	filter: { kind: string | null; category: string | null },
	limit: number
): Promise<NeedListItem[]> {
	return value<NeedListItem[]>(tx, 'select public.realised_needs($1, $2, $3, $4) as v', [
		region,
		filter.kind,
		filter.category,
		limit
	]);
}
