import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { feedLinks, needsAtom } from '$lib/server/feeds/feeds';
import { openDataGet } from '$lib/server/http/open-data';
import { Slug } from '$lib/server/http/params';

const Query = v.object({ wies: v.optional(Slug) });

/**
 * Atom feed (RFC 4287) of public needs and ideas, newest change first; ?wies=slug narrows it to
 * one village. Runs as the requester with an explicit public filter, so it never holds more than
 * the map; served as open data (ETag, 304) like the GeoJSON layers.
 */
export const GET: RequestHandler = openDataGet(Query, 'atom', (tx, region, q, event) =>
	needsAtom(tx, region, q.wies ?? null, feedLinks(event))
);
