import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { can } from '$lib/server/auth/permissions';
import { presentationData } from '$lib/server/presentation/data';
import { categories, regionSummary } from '$lib/server/region/queries';
import { DEFAULT_METRIC, isMetric } from '$lib/presentation/metrics';

/** Default category of the coverage metric: the village hall is where most activities happen. */
const DEFAULT_CATEGORY = 'swietlica';

/**
 * Presentation mode. Invalid ?miara, ?kategoria or ?wies fall back to the
 * defaults without an error: a slide link typed by hand must still open something useful.
 */
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const exact = can(locals.user, 'see_exact_figures');
	// A staff member's page (exact figures of any non-public data, a signed-in layout) must not
	// be kept by a shared cache.
	if (exact) setHeaders({ 'cache-control': 'private, no-store' });
	const metricParam = url.searchParams.get('miara');
	const categoryParam = url.searchParams.get('kategoria');
	const data = await locals.db(async (tx) => {
		const resourceCategories = (await categories(tx)).resource;
		const category = resourceCategories.some((c) => c.slug === categoryParam)
			? (categoryParam as string)
			: (resourceCategories.find((c) => c.slug === DEFAULT_CATEGORY)?.slug ??
				resourceCategories[0]?.slug ??
				DEFAULT_CATEGORY);
		return {
			region: await regionSummary(tx, locals.region),
			categories: resourceCategories,
			presentation: await presentationData(tx, locals.region, category, exact)
		};
	});
	if (!data.region) error(503, 'Dane gminy nie są załadowane (uruchom npm run db:seed).');
	const villageParam = url.searchParams.get('wies');
	const village = data.presentation.villages.some((v) => v.slug === villageParam)
		? villageParam
		: null;
	return {
		...data,
		region: data.region,
		metric: isMetric(metricParam) ? metricParam : DEFAULT_METRIC,
		village
	};
};
