import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { openDataGet } from '$lib/server/http/open-data';
import { IntegerText, Slug } from '$lib/server/http/params';
import { coverageText } from '$lib/server/planning/queries';

const Query = v.object({
	category: Slug,
	// Straight-line metres; 2 km is the planning panel's default too.
	max_m: v.optional(IntegerText(1, 50000, 'must be an integer between 1 and 50000'), '2000')
});

/**
 * Per village: the share of its address points within max_m of a published resource of the
 * category (RLS: anon sees published ones only). Ordered by village name; gap_rank ranks gaps.
 */
export const GET: RequestHandler = openDataGet(Query, 'json', (tx, region, q) =>
	coverageText(tx, region, q.category, q.max_m)
);
