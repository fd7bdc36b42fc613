import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { needFilterFrom } from '$lib/map/need-filter';
import { latestNeedItems, villageItems } from '$lib/server/needs/home';
import {
	categories,
	realisedNeedItems,
	regionSummary,
	villageMap,
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
		const villages = await villageSummaries(tx, locals.region);
		// The chosen village (?wies=) lists its needs and resources, rendered here so the list
		// shows without JavaScript; an unknown slug lists nothing (the page says so).
		const chosen = url.searchParams.get('wies');
		const village = villages.find((candidate) => candidate.slug === chosen);
		return {
			region: await regionSummary(tx, locals.region),
			villages,
			// The first screen's map, drawn before MapLibre loads (and without it).
			villageMap: await villageMap(tx, locals.region),
			categories: needCategories,
			filter,
			...(await latestNeedItems(tx, locals.region, filter, LATEST)),
			realised: await realisedNeedItems(tx, locals.region, filter, REALISED),
			villageItems: village ? await villageItems(tx, locals.region, village.slug) : null
		};
	});
	if (!data.region) error(503, 'Dane gminy nie są załadowane (uruchom npm run db:seed).');
	return { ...data, region: data.region };
};
