import { error } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { normalizeCode } from '$lib/live/types';
import { consultationByCode } from '$lib/server/live/queries';
import { categories, regionSummary, villageSummaries } from '$lib/server/queries';
import { reportFormAction } from '$lib/server/reports/form-action';

// A resident's answer to a live consultation: the report form of /zglos, tagged with
// the session. The data and the action are those of /zglos plus the session's code.

export const load: PageServerLoad = async ({ locals, params }) => {
	const code = normalizeCode(params.code);
	if (!code) error(404, m.live_not_found());
	const data = await locals.db(async (tx) => ({
		consultation: await consultationByCode(tx, locals.region, code),
		region: await regionSummary(tx, locals.region),
		villages: await villageSummaries(tx, locals.region),
		categories: await categories(tx)
	}));
	if (!data.consultation) error(404, m.live_not_found());
	if (!data.region) error(503, m.api_region_missing());
	return {
		consultation: data.consultation,
		region: data.region,
		categories: data.categories,
		villages: data.villages,
		boundaryUrl: '/api/region.geojson',
		idempotencyKey: randomUUID()
	};
};

export const actions = {
	default: (event) => {
		const code = normalizeCode(event.params.code);
		if (!code) error(404, m.live_not_found());
		return reportFormAction(event, { consultation: code });
	}
} satisfies Actions;
