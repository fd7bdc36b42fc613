import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { openDataGet } from '$lib/server/http/open-data';
import { Slug } from '$lib/server/http/params';
import { resourcesGeojson } from '$lib/server/region/queries';

const Query = v.object({ category: v.optional(Slug), village: v.optional(Slug) });

/** Published resources only (RLS), filtered by ?category= and ?village= (slugs). */
export const GET: RequestHandler = openDataGet(Query, 'geojson', (tx, region, q) =>
	resourcesGeojson(tx, region, q.category ?? null, q.village ?? null)
);
