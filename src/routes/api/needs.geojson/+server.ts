import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { openDataGet } from '$lib/server/http/open-data';
import { Bbox, IntegerText, NeedRef, PublicNeedStatus, Slug } from '$lib/server/http/params';
import { pageSize } from '$lib/server/http/page-size';
import { needsGeojson } from '$lib/server/region/queries';

const Query = v.object({
	category: v.optional(Slug),
	village: v.optional(Slug),
	status: v.optional(PublicNeedStatus),
	bbox: v.optional(Bbox),
	limit: v.optional(IntegerText(1, 10000, 'must be a whole number from 1 to 10000')),
	after: v.optional(NeedRef)
});

/**
 * Published needs only (RLS): never contacts, never unmoderated reports. Newest first, in pages
 * of `limit` (default 1000; at most 10,000, 2,000 on the embedded database: $lib/server/http/page-size): a page with more after it ends with `next_after`, the value of
 * `after` for the next page. The map itself reads vector tiles (/api/tiles/needs/…).
 */
export const GET: RequestHandler = openDataGet(Query, 'geojson', async (tx, region, q) =>
	needsGeojson(tx, region, {
		category: q.category ?? null,
		village: q.village ?? null,
		status: q.status ?? null,
		bbox: q.bbox ?? null,
		limit: await pageSize(q.limit),
		after: q.after ?? null
	})
);
