import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { openDataGet } from '$lib/server/http/open-data';
import { Bbox, IntegerText, Slug } from '$lib/server/http/params';
import { pageSize } from '$lib/server/http/page-size';
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
 * Polish name order, in pages of `limit` (default 1000, at most as $lib/server/http/page-size allows) continued with `after` = `next_after`.
 */
export const GET: RequestHandler = openDataGet(Query, 'geojson', async (tx, region, q) =>
	resourcesGeojson(tx, region, q.category ?? null, q.village ?? null, {
		bbox: q.bbox ?? null,
		limit: await pageSize(q.limit),
		after: q.after ?? null
	})
);
