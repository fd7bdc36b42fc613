import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { matchesNeedFilter, needFilterFrom } from '$lib/map/need-filter';
import {
	categories,
	publicNeedItems,
	regionSummary,
	villageSummaries
} from '$lib/server/region/queries';

/** How many of the latest needs, and of the recently realised ones, the home page lists. */
const LATEST = 10;
const REALISED = 5;

export const load: PageServerLoad = async ({ locals, url }) => {
	const data = await locals.db(async (tx) => ({
		region: await regionSummary(tx, locals.region),
		villages: await villageSummaries(tx, locals.region),
		categories: await categories(tx),
		needs: await publicNeedItems(tx, locals.region)
	}));
	if (!data.region) error(503, 'Dane gminy nie są załadowane (uruchom npm run db:seed).');
	const { needs, ...rest } = data;
	// The map's filters (?rodzaj, ?kategoria, ?stan) apply to the lists too, so the page says the
	// same with JavaScript off; the realised list keeps kind and category but is always "done".
	const filter = needFilterFrom(
		url.searchParams,
		data.categories.need.map((category) => category.slug)
	);
	const matching = needs.filter((need) => matchesNeedFilter(need, filter));
	return {
		...rest,
		region: data.region,
		filter,
		matching: matching.length,
		latest: matching.slice(0, LATEST),
		realised: needs
			.filter((need) => matchesNeedFilter(need, { ...filter, status: 'done' }))
			.slice(0, REALISED)
	};
};
