import Negotiator from 'negotiator';
import { pipeline, Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import zlib from 'node:zlib';
import type { Handle } from '@sveltejs/kit';

/**
 * Text the server makes (pages, JSON, GeoJSON, CSV, SVG, XML, calendars) travels compressed when
 * the client accepts it: a GeoJSON of the needs shrinks to about a tenth. Server-Sent Events stay
 * as they are (each event must reach the projector at once), and formats that are compressed
 * already (PDF, images, archives) are not touched.
 */
const COMPRESSIBLE =
	/^(text\/(?!event-stream)|application\/(json|geo\+json|xml|atom\+xml|javascript|manifest\+json|ld\+json|vnd\.mapbox-vector-tile)|image\/svg\+xml)/i;

export type Encoding = 'br' | 'gzip';

/**
 * The content coding the request prefers among brotli and gzip (RFC 9110 §12.5.3, q-values
 * honoured, `identity` and `*` understood by negotiator), or null for none.
 */
export function preferredEncoding(request: Request): Encoding | null {
	const header = request.headers.get('accept-encoding');
	if (!header) return null;
	const chosen = new Negotiator({ headers: { 'accept-encoding': header } }).encoding(
		['br', 'gzip', 'identity'],
		// Between equal q-values brotli first: smaller at the same speed.
		{ preferred: ['br', 'gzip', 'identity'] }
	);
	return chosen === 'br' || chosen === 'gzip' ? chosen : null;
}

function encoder(encoding: Encoding) {
	// Flush after every chunk: a streamed page's later chunks and a slow query's body must not
	// wait in the compressor. Brotli at quality 5: close to gzip's speed, still smaller.
	return encoding === 'br'
		? zlib.createBrotliCompress({
				flush: zlib.constants.BROTLI_OPERATION_FLUSH,
				params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 }
			})
		: zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH });
}

/**
 * The response compressed for the request, or as it was. Every compressible response says
 * `Vary: Accept-Encoding`, compressed or not, so a shared cache never gives one client's coding to
 * another. A compressed body's strong ETag becomes weak (RFC 9110 §8.8.1: the bytes differ, the
 * content is the same), so If-None-Match still matches it (the app compares weakly).
 */
export function compressResponse(request: Request, response: Response): Response {
	const type = response.headers.get('content-type') ?? '';
	if (!response.body || !COMPRESSIBLE.test(type) || response.headers.has('content-encoding')) {
		return response;
	}
	if (/\bno-transform\b/i.test(response.headers.get('cache-control') ?? '')) return response;
	const headers = new Headers(response.headers);
	const vary = headers.get('vary');
	if (!vary || !/\baccept-encoding\b/i.test(vary)) {
		headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
	}
	const encoding = request.method === 'HEAD' ? null : preferredEncoding(request);
	if (!encoding || [204, 206, 304].includes(response.status)) {
		return new Response(response.body, {
			status: response.status,
			statusText: response.statusText,
			headers
		});
	}
	headers.set('content-encoding', encoding);
	headers.delete('content-length');
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	const compressor = encoder(encoding);
	// pipeline, not pipe: a client that goes away (or a failing body) ends both streams.
	pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), compressor, () => {});
	return new Response(Readable.toWeb(compressor) as ReadableStream<Uint8Array>, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

/** The outermost handle: compresses what every other handle and the route answered. */
export const handleCompression: Handle = async ({ event, resolve }) =>
	compressResponse(event.request, await resolve(event));
