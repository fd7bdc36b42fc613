import { error, fail } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { categories, regionSummary, villageSummaries } from '$lib/server/queries';
import { formFields } from '$lib/server/reports/input';
import { submitReport } from '$lib/server/reports/submit';

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
	default: async (event) => {
		const form = await event.request.formData();
		const values = formFields(form);
		const file = form.get('photo');
		const result = await submitReport(event, values, file instanceof File ? file : null);
		if (result.status === 201) return { ref: result.ref, status_url: result.status_url };
		// Everything typed comes back, so nothing is lost (issue #3: bad input loses nothing).
		const { website: _honeypot, ...shown } = values;
		void _honeypot;
		return fail(result.status, {
			values: shown,
			errors: result.fields ?? {},
			message: result.error,
			retryAfter: result.retryAfter ?? null
		});
	}
} satisfies Actions;
