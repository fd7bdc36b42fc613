import * as v from 'valibot';
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import type { Tx } from '../db/types.ts';
import { parseQuery } from './params.ts';
import { badRequest, isInvalidParameter, openData } from './responses.ts';

type QuerySchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

const CONTENT_TYPES = {
	json: 'application/json; charset=utf-8',
	geojson: 'application/geo+json; charset=utf-8',
	// RFC 4287 §7: the media type of Atom documents.
	atom: 'application/atom+xml; charset=utf-8'
} as const;

/** An endpoint without query parameters: any parameter is refused, so a typo never goes unseen. */
export const NO_QUERY = v.object({});

/**
 * The GET handler of an open-data endpoint: the query checked against `query` (an unknown,
 * repeated or invalid parameter is a 400 naming it), the text `read` returns served as open data
 * (any origin, ETag and 304), and a filter value the SQL function refuses (SQLSTATE 22023) a 400
 * with its message. `read` runs as the requester, so RLS decides what the body holds; it gets the
 * request too, for documents that hold absolute links (Atom).
 */
export function openDataGet<S extends QuerySchema>(
	query: S,
	format: keyof typeof CONTENT_TYPES,
	read: (tx: Tx, region: string, query: v.InferOutput<S>, event: RequestEvent) => Promise<string>
): RequestHandler {
	return async (event) => {
		const { url, request, locals } = event;
		const params = parseQuery(url, query);
		if (!params.ok) return badRequest(params.error);
		try {
			const body = await locals.db((tx) => read(tx, locals.region, params.value, event));
			return openData(request, body, CONTENT_TYPES[format]);
		} catch (e) {
			if (isInvalidParameter(e)) return badRequest(e.message);
			throw e;
		}
	};
}
