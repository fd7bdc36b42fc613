import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { openDataGet } from '$lib/server/http/open-data';
import { PublicNeedStatus, Slug } from '$lib/server/http/params';
import { needsGeojson } from '$lib/server/region/queries';

const Query = v.object({
	category: v.optional(Slug),
	village: v.optional(Slug),
	status: v.optional(PublicNeedStatus)
});

/** Published needs only (RLS): never contacts, never unmoderated reports. */
export const GET: RequestHandler = openDataGet(Query, 'geojson', (tx, region, q) =>
	needsGeojson(tx, region, {
		category: q.category ?? null,
		village: q.village ?? null,
		status: q.status ?? null
	})
);
