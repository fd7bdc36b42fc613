import { error } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { categories, regionSummary, villageSummaries } from '$lib/server/queries';
import { reportFormAction } from '$lib/server/reports/form-action';

export const load: PageServerLoad = async ({ locals }) => {
	const data = await locals.db(async (tx) => ({
		region: await regionSummary(tx, locals.region),
		villages: await villageSummaries(tx, locals.region),
		categories: await categories(tx)
	}));
	if (!data.region) error(503, m.api_region_missing());
	return {
		region: data.region,
		categories: data.categories,
		villages: data.villages,
		boundaryUrl: '/api/region.geojson',
		// Without JavaScript the form still needs a key, so a resubmitted form is not a second report.
		idempotencyKey: randomUUID()
	};
};

export const actions = {
	default: (event) => reportFormAction(event)
} satisfies Actions;
