import { createHash } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import { etagMatches } from '../http/responses.ts';
import {
	CacheBusyError,
	DocumentCache,
	type CacheLimits,
	type CachedDocument
} from './document-cache.ts';

// Generated downloads (diagnosis PDF/CSV/GeoJSON, consultation results PDF) are made once per
// state of the data and kept in memory, so a burst of requests for the gmina's PDF costs one
// generation, not one per client.
//
// Key: the document (its path without the language prefix), the language, the audience (staff
// see drafts; the public sees published text only, and "<3" for a small figure computed from
// non-public data, see $lib/suppress) and the region's data version, which the database moves in the same
// transaction as every write to the data the documents show (private.data_version, migration
// …_data_versions.sql). The version is read before the document's data, so a cached document is
// never older than its key. The diagnosis's 12-month trend also depends on the clock: the key
// carries the current month as the database sees it (the same now() and time zone the trend uses).

/** 64 MiB of bodies: a (tagged) diagnosis PDF is ~70 KiB, so every document of the gmina fits many times. */
const MAX_BYTES = 64 * 1024 * 1024;
/**
 * Two generations at once: pdfkit runs on the event loop (and so does PGlite), so more in
 * parallel only makes every page slower; a queue of 32 waits at most 15 s, then 503.
 */
export const DOCUMENT_LIMITS: CacheLimits = {
	maxBytes: MAX_BYTES,
	concurrency: 2,
	maxQueue: 32,
	queueTimeoutMs: 15_000
};
export const documentCache = new DocumentCache(DOCUMENT_LIMITS);
const RETRY_AFTER_S = 5;

/** The data version of the region and the database's current month: "<version>@<YYYY-MM>". */
export async function dataVersion(tx: Tx, region: string): Promise<string> {
	return value<string>(
		tx,
		"select coalesce(private.data_version($1)::text, '0') || '@' || to_char(now(), 'YYYY-MM') as v",
		[region]
	);
}

export interface DocumentSpec {
	/** The document without the language prefix, e.g. 'diagnoza/gmina.pdf'. */
	path: string;
	/** Staff copy (exact counts, drafts): kept apart from the public one, never stored by browsers' shared caches. */
	staff: boolean;
	/** Makes the document: called only when no copy of this key exists or is being made. */
	generate: () => Promise<CachedDocument>;
}

/**
 * Answers a document request from the cache: 304 when the client's ETag is current, else the
 * body (generated if needed), or 503 with Retry-After when generation is saturated. The ETag is
 * weak (RFC 9110 §8.8.1): a regenerated copy of the same key is equivalent, not byte-identical
 * (PDF creation time).
 */
export async function serveDocument(
	event: Pick<RequestEvent, 'locals' | 'request'>,
	spec: DocumentSpec
): Promise<Response> {
	const { locals } = event;
	const version = await locals.db((tx) => dataVersion(tx, locals.region));
	const key = [spec.path, getLocale(), spec.staff ? 'staff' : 'public', version].join('\n');
	const etag = `W/"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
	const headers = {
		etag,
		'cache-control': spec.staff ? 'private, no-store' : 'public, max-age=60',
		vary: 'cookie'
	};
	if (etagMatches(event.request, etag)) return new Response(null, { status: 304, headers });
	let doc: CachedDocument;
	try {
		doc = await documentCache.get(key, spec.generate);
	} catch (e) {
		if (!(e instanceof CacheBusyError)) throw e;
		return new Response(m.csvpdf_busy(), {
			status: 503,
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store',
				'retry-after': String(RETRY_AFTER_S)
			}
		});
	}
	return new Response(doc.body, { headers: { ...doc.headers, ...headers } });
}

/** A body and the headers of a download: its type and file name. */
export function download(
	body: Uint8Array<ArrayBuffer> | string,
	contentType: string,
	filename: string
): CachedDocument {
	return {
		body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${filename}"`
		}
	};
}
