import { getDatabase } from '../db/index.ts';

// The largest page of the paged GeoJSON endpoints (/api/needs.geojson, /api/resources.geojson,
// /api/diagnoza/<slug>.geojson). The embedded database (PGlite) runs on the server's main
// thread, so a query holds up every other request while it runs: a 10,000-feature page held it
// about 435 ms at 100,000 needs, 2,000 keep it near 100 ms. A larger `limit` is served as the
// largest page with `next_after`, as OGC API - Features allows (OGC 17-069r4 §7.15.3: the server
// may return fewer items than the limit), so a client that follows the pages still gets everything.

export const MAX_PAGE = { postgres: 10_000, pglite: 2_000 } as const;

/** The page size to serve for a requested `limit` (default `fallback`) on this server's database. */
export async function pageSize(limit: number | undefined, fallback = 1000): Promise<number> {
	return Math.min(limit ?? fallback, MAX_PAGE[(await getDatabase()).kind]);
}
