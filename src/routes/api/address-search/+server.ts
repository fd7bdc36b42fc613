import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { badRequest, openData } from '$lib/server/http/responses';
import { parseQuery } from '$lib/server/http/params';
import { searchAddresses } from '$lib/server/region/queries';
import { FreeText } from '$lib/text';

const Query = v.object({
	q: v.pipe(
		FreeText,
		v.minLength(2, 'must have at least 2 characters'),
		v.maxLength(200, 'must have at most 200 characters')
	),
	limit: v.optional(
		v.pipe(
			v.string(),
			v.regex(/^\d{1,2}$/, 'must be a number from 1 to 50'),
			v.transform(Number),
			v.minValue(1, 'must be a number from 1 to 50'),
			v.maxValue(50, 'must be a number from 1 to 50')
		),
		'10'
	)
});

/** Best matches in the PRG address register, tolerant of case and missing diacritics. */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const params = parseQuery(url, Query);
	if (!params.ok) return badRequest(params.error);
	const { q, limit } = params.value;
	const hits = await locals.db((tx) => searchAddresses(tx, locals.region, q, limit));
	return openData(request, JSON.stringify(hits), 'application/json; charset=utf-8');
};
