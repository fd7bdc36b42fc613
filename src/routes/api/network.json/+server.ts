import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { IntegerText } from '$lib/server/http/params';
import { openDataGet } from '$lib/server/http/open-data';
import { cooperationNetworkText, currentYear, NETWORK_YEARS } from '$lib/server/network/network';
import { PROGRAMME_CATEGORIES } from '$lib/vocab/activity-programme';

const Query = v.object({
	year: v.optional(
		IntegerText(NETWORK_YEARS.min, NETWORK_YEARS.max, 'must be a year from 2000 to 2100')
	),
	category: v.optional(
		v.picklist(PROGRAMME_CATEGORIES, `must be one of: ${PROGRAMME_CATEGORIES.join(', ')}`)
	)
});

/** The public cooperation network of a year (default: the current one), published activities only. */
export const GET: RequestHandler = openDataGet(Query, 'json', (tx, region, query) =>
	cooperationNetworkText(tx, region, {
		year: query.year ?? currentYear(),
		category: query.category ?? null
	})
);
