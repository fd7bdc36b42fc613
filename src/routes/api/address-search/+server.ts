import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { openDataGet } from '$lib/server/http/open-data';
import { IntegerText } from '$lib/server/http/params';
import { searchAddresses } from '$lib/server/region/queries';
import { FreeText } from '$lib/text';

const Query = v.object({
	q: v.pipe(
		FreeText,
		v.minLength(2, 'must have at least 2 characters'),
		v.maxLength(200, 'must have at most 200 characters')
	),
	limit: v.optional(IntegerText(1, 50, 'must be a number from 1 to 50'), '10')
});

/** Best matches in the PRG address register, tolerant of case and missing diacritics. */
export const GET: RequestHandler = openDataGet(Query, 'json', async (tx, region, q) =>
	JSON.stringify(await searchAddresses(tx, region, q.q, q.limit))
);
