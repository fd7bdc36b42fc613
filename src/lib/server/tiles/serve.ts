import { createHash } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { NEED_KINDS } from '../../vocab/need-kind.ts';
import { PUBLIC_NEED_STATUSES } from '../../vocab/need-status.ts';
import { CacheBusyError, DocumentCache } from '../cache/document-cache.ts';
import { dataVersion } from '../cache/documents.ts';
import { IntegerText, parseQuery, Slug } from '../http/params.ts';
import { badRequest, etagMatches, isInvalidParameter } from '../http/responses.ts';
import { readTile, TILE_LAYERS, type TileFilters, type TileLayer } from './tiles.ts';

// Serving a tile: /api/tiles/<layer>/<z>/<x>/<y>.mvt. A tile is the same for every audience (the
// SQL keeps to public rows), so it is open data (any origin) that browsers, a reverse proxy or a
// CDN may keep: Cache-Control public, and an ETag made of the layer, the address, the filters and
// the region's data version (private.data_version, moved in the same transaction as every write
// to the needs, resources and villages). A request whose If-None-Match names it gets 304 after
// one one-row query; repeated tiles come from memory without touching the data.
//
// Tiles are binary but compress well (repeated keys and strings): the compression hook gzips or
// brotli-encodes application/vnd.mapbox-vector-tile like text when the client accepts it.

export const TILE_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

/** 32 MiB of tiles (a dense one is tens of KiB); tiles are cheap, so many may be made at once. */
export const tileCache = new DocumentCache({
	maxBytes: 32 * 1024 * 1024,
	concurrency: 4,
	maxQueue: 256,
	queueTimeoutMs: 10_000
});

const TileStatus = v.picklist(
	['open', ...PUBLIC_NEED_STATUSES],
	`must be open or one of: ${PUBLIC_NEED_STATUSES.join(', ')}`
);

/** The query each layer's tiles take; any other parameter is a 400 naming it. */
const QUERIES = {
	needs: v.object({
		kind: v.optional(v.picklist(NEED_KINDS, `must be one of: ${NEED_KINDS.join(', ')}`)),
		category: v.optional(Slug),
		status: v.optional(TileStatus)
	}),
	resources: v.object({ category: v.optional(Slug) }),
	villages: v.object({})
} as const;

/** z from 0 to 22 (MapLibre's deepest zoom); x and y checked against z below. */
const Address = v.object({
	z: IntegerText(0, 22, 'must be a zoom level from 0 to 22'),
	x: IntegerText(0, 4194303, 'must be a tile column of the zoom level'),
	y: IntegerText(0, 4194303, 'must be a tile row of the zoom level')
});

const OPEN_DATA = {
	'access-control-allow-origin': '*',
	'cache-control': 'public, max-age=60, stale-while-revalidate=600'
};

function isLayer(name: string): name is TileLayer {
	return (TILE_LAYERS as readonly string[]).includes(name);
}

/** The GET handler of /api/tiles/[layer]/[z]/[x]/[y].mvt. */
export async function serveTile(
	event: Pick<RequestEvent, 'locals' | 'request' | 'url'> & {
		params: { layer: string; z: string; x: string; y: string };
	}
): Promise<Response> {
	const { locals, request, url, params } = event;
	if (!isLayer(params.layer)) {
		return badRequest(`unknown layer "${params.layer}"; allowed: ${TILE_LAYERS.join(', ')}`);
	}
	const layer = params.layer;
	const address = v.safeParse(Address, { z: params.z, x: params.x, y: params.y });
	if (!address.success) {
		const issue = address.issues[0];
		return badRequest(`${String(issue.path?.[0]?.key)} ${issue.message}`);
	}
	const t = address.output;
	if (t.x >= 2 ** t.z || t.y >= 2 ** t.z) {
		return badRequest(`no such tile: ${t.z}/${t.x}/${t.y}`);
	}
	const query = parseQuery(url, QUERIES[layer]);
	if (!query.ok) return badRequest(query.error);
	const filters: TileFilters = query.value;

	const version = await locals.db((tx) => dataVersion(tx, locals.region));
	const key = [
		layer,
		locals.region,
		`${t.z}/${t.x}/${t.y}`,
		filters.kind ?? '',
		filters.category ?? '',
		filters.status ?? '',
		version
	].join('\n');
	const etag = `W/"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
	const headers = { ...OPEN_DATA, etag, 'content-type': TILE_CONTENT_TYPE };
	if (etagMatches(request, etag)) return new Response(null, { status: 304, headers });
	try {
		const tile = await tileCache.get(key, async () => {
			const bytes = await locals.db((tx) => readTile(tx, layer, locals.region, t, filters));
			// A copy with its own buffer: postgres.js hands out views of a larger one.
			return { body: new Uint8Array(bytes), headers: {} };
		});
		return new Response(tile.body, { headers });
	} catch (e) {
		if (isInvalidParameter(e)) return badRequest(e.message);
		if (!(e instanceof CacheBusyError)) throw e;
		return new Response(m.csvpdf_busy(), {
			status: 503,
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store',
				'retry-after': '5'
			}
		});
	}
}
