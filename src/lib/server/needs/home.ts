import type { NeedFilter } from '$lib/map/need-filter';
import type { NeedListItem } from '$lib/types';
import type { Tx } from '../db/types.ts';
import { needsGeojson, resourcesGeojson } from '../region/queries.ts';

// What the home page lists without JavaScript: the latest needs and the chosen village's items.

/**
 * The latest public needs of a region for the home page's list, newest report first, and how
 * many public needs pass the map's filter in all. The list is one query under the caller's RLS
 * (the same rows public.needs_geojson shows the map), ordered and limited in SQL on the
 * newest-first index (needs_newest_idx: the region's id is looked up first, so the planner walks
 * the index in order instead of sorting every public need). The count adds the trigger-kept tallies of the villages
 * (public.locality_need_tallies) to the few public needs outside every village, so it costs the
 * same at any number of needs. Constant SQL text, every value a bound parameter.
 */
export async function latestNeedItems(
	tx: Tx,
	region: string,
	filter: NeedFilter,
	limit: number
): Promise<{ matching: number; latest: NeedListItem[] }> {
	const params = [region, filter.kind, filter.category, filter.status];
	const latest = await tx.query<NeedListItem>(
		`select n.ref, n.kind, n.title, n.category,
		   c.label_pl as category_label, n.status, n.support_count,
		   l.name as locality, l.slug as locality_slug
		 from public.needs n
		 join public.need_categories c on c.slug = n.category
		 left join public.localities l on l.id = n.locality_id
		 where n.region_id = (select r.id from public.regions r where r.slug = $1)
		   and private.is_public_need(n.status, n.hidden_at)
		   and ($2::text is null or n.kind = $2)
		   and ($3::text is null or n.category = $3)
		   and ($4::text is null or (n.status = 'done') = ($4 = 'done'))
		 order by n.created_at desc, n.ref desc
		 limit $5`,
		[...params, limit]
	);
	const [{ matching }] = await tx.query<{ matching: number }>(
		`select ((select coalesce(sum(t.needs), 0) from public.locality_need_tallies t
		     join public.localities l on l.id = t.locality_id
		     join public.regions r on r.id = l.region_id
		     where r.slug = $1 and ($2::text is null or t.kind = $2)
		       and ($3::text is null or t.category = $3)
		       and ($4::text is null or (t.status = 'done') = ($4 = 'done')))
		   + (select count(*) from public.needs n join public.regions r on r.id = n.region_id
		     where r.slug = $1 and n.locality_id is null
		       and private.is_public_need(n.status, n.hidden_at)
		       and ($2::text is null or n.kind = $2)
		       and ($3::text is null or n.category = $3)
		       and ($4::text is null or (n.status = 'done') = ($4 = 'done'))))::int as matching`,
		params
	);
	return { matching, latest };
}

/** GeoJSON properties of one map feature, as the map and the village list read them. */
export type FeatureProperties = Record<string, unknown>;

/**
 * The needs and resources of one village, as the map shows them (its GeoJSON layers filtered
 * to the village): the list under the chosen village on the home page, server-rendered so it
 * shows without JavaScript too. `village` must be a slug of the region (the SQL functions
 * refuse an unknown one).
 */
export async function villageItems(
	tx: Tx,
	region: string,
	village: string
): Promise<{ needs: FeatureProperties[]; resources: FeatureProperties[] }> {
	const properties = (body: string) =>
		(JSON.parse(body) as { features: { properties: FeatureProperties }[] }).features.map(
			(feature) => feature.properties
		);
	return {
		needs: properties(await needsGeojson(tx, region, { category: null, village, status: null })),
		resources: properties(await resourcesGeojson(tx, region, null, village))
	};
}
