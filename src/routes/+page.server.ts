import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { matchesNeedFilter, needFilterFrom } from '$lib/map/need-filter';
import {
	categories,
	publicNeedItems,
	realisedNeedItems,
	regionSummary,
	villageSummaries
} from '$lib/server/region/queries';

/** How many of the latest needs, and of the recently realised ones, the home page lists. */
const LATEST = 10;
const REALISED = 5;

export const load: PageServerLoad = async ({ locals, url }) => {
	const data = await locals.db(async (tx) => {
		const needCategories = await categories(tx);
		// The map's filters (?rodzaj, ?kategoria, ?stan) apply to the lists too, so the page says
		// the same with JavaScript off; the realised list keeps kind and category.
		const filter = needFilterFrom(
			url.searchParams,
			needCategories.need.map((category) => category.slug)
		);
		return {
			region: await regionSummary(tx, locals.region),
			villages: await villageSummaries(tx, locals.region),
			categories: needCategories,
			filter,
			needs: await publicNeedItems(tx, locals.region),
			realised: await realisedNeedItems(tx, locals.region, filter, REALISED)
		};
	});
	if (!data.region) error(503, 'Dane gminy nie są załadowane (uruchom npm run db:seed).');
	const { needs, ...rest } = data;
	const matching = needs.filter((need) => matchesNeedFilter(need, data.filter));
	return {
		...rest,
		region: data.region,
		matching: matching.length,
		latest: matching.slice(0, LATEST)
	};
};
