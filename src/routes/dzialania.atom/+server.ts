import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { activitiesAtom, feedLinks } from '$lib/server/feeds/feeds';
import { openDataGet } from '$lib/server/http/open-data';
import { Slug } from '$lib/server/http/params';

const Query = v.object({ wies: v.optional(Slug) });

/**
 * Atom feed (RFC 4287) of published activities, newest change first; ?wies=slug narrows it to
 * the activities serving one village. Served as open data (ETag, 304) like the GeoJSON layers.
 */
export const GET: RequestHandler = openDataGet(Query, 'atom', (tx, region, q, event) =>
	activitiesAtom(tx, region, q.wies ?? null, feedLinks(event))
);
