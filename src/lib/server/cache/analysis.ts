import type { Tx } from '../db/types.ts';
import { DocumentCache, type CacheLimits } from './document-cache.ts';
import { dataVersion } from './documents.ts';

// Heavy analysis results (the hotspots of the planning page) are computed once per state of the
// data and kept in memory as JSON, so repeated views and reloads read one row (the data version)
// instead of clustering the needs again. On the embedded database, which has one connection,
// this is what keeps a reload from holding it for everyone else.
//
// Key: the analysis and its parameters, the audience (RLS: what staff see differs from the
// public), the day (the time windows move with the date) and the region's data version, read in
// the same transaction before the data, so a cached result is never older than its key.

/** 16 MiB of JSON; a whole-gmina hotspot list is a few KiB. */
export const ANALYSIS_LIMITS: CacheLimits = {
	maxBytes: 16 * 1024 * 1024,
	concurrency: 2,
	maxQueue: 32,
	queueTimeoutMs: 15_000
};
export const analysisCache = new DocumentCache(ANALYSIS_LIMITS);

/**
 * The result of `run` for these key parts at the region's current data version: from memory, or
 * computed now in `tx` and kept. Concurrent requests for one key share one computation; when the
 * one a request joined fails (its own request was cancelled, say), the request computes it once
 * itself in its own transaction.
 */
export async function cachedAnalysis<T>(
	tx: Tx,
	region: string,
	parts: readonly (string | number | boolean | null)[],
	run: () => Promise<T>
): Promise<T> {
	const version = await dataVersion(tx, region);
	const day = new Date().toISOString().slice(0, 10);
	const key = JSON.stringify([region, ...parts, day, version]);
	let ran = false;
	const generate = async () => {
		ran = true;
		return {
			body: new TextEncoder().encode(JSON.stringify(await run())),
			headers: { 'content-type': 'application/json' }
		};
	};
	let doc;
	try {
		doc = await analysisCache.get(key, generate);
	} catch (e) {
		if (ran) throw e;
		doc = await analysisCache.get(key, generate);
	}
	return JSON.parse(new TextDecoder().decode(doc.body)) as T;
}
