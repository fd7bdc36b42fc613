import { error } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import * as m from '$lib/paraglide/messages';
import type { ReportFormPageData } from '$lib/report/types';
import type { Tx } from '../db/types.ts';
import { categories, regionSummary, villageSummaries } from '../region/queries.ts';

/** What the report form reads from the database: the region, its villages and the categories. */
export async function reportFormQueries(tx: Tx, region: string) {
	return {
		region: await regionSummary(tx, region),
		villages: await villageSummaries(tx, region),
		categories: await categories(tx)
	};
}

/**
 * The load data of the report form, shared by /zglos and a live consultation's /k/<code>.
 * A region that was never imported is a 503: the form cannot place anything.
 */
export function reportFormData(
	found: Awaited<ReturnType<typeof reportFormQueries>>
): ReportFormPageData {
	if (!found.region) error(503, m.api_region_missing());
	return {
		region: found.region,
		categories: found.categories,
		villages: found.villages,
		boundaryUrl: '/api/region.geojson',
		// Without JavaScript the form still needs a key, so a resubmitted form is not a second report.
		idempotencyKey: randomUUID()
	};
}
