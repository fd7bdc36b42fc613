import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { categories, regionSummary, villageSummaries } from '$lib/server/region/queries';

export const load: PageServerLoad = async ({ locals }) => {
	const data = await locals.db(async (tx) => ({
		region: await regionSummary(tx, locals.region),
		villages: await villageSummaries(tx, locals.region),
		categories: await categories(tx)
	}));
	if (!data.region) error(503, 'Dane gminy nie są załadowane (uruchom npm run db:seed).');
	return { ...data, region: data.region };
};
