import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { openDataGet } from '$lib/server/http/open-data';
import { Bbox, IntegerText, Slug } from '$lib/server/http/params';
import { resourcesGeojson } from '$lib/server/region/queries';

const Query = v.object({
	category: v.optional(Slug),
	village: v.optional(Slug),
	bbox: v.optional(Bbox),
	limit: v.optional(IntegerText(1, 10000, 'must be a whole number from 1 to 10000')),
	after: v.optional(v.pipe(v.string(), v.uuid('must be a resource id from next_after')))
});

/**
 * Published resources only (RLS), filtered by ?category= and ?village= (slugs) and ?bbox=, in
 * Polish name order, in pages of `limit` (default 1000) continued with `after` = `next_after`.
 */
export const GET: RequestHandler = openDataGet(Query, 'geojson', (tx, region, q) =>
	resourcesGeojson(tx, region, q.category ?? null, q.village ?? null, {
		bbox: q.bbox ?? null,
		limit: q.limit ?? null,
		after: q.after ?? null
	})
);
