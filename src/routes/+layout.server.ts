import type { LayoutServerLoad } from './$types';
import { getEnv } from '$lib/server/db';
import { demoDataPresent, regionSummary } from '$lib/server/queries';

export const load: LayoutServerLoad = async ({ locals }) => ({
	// Fictional demo data must be announced on every page while it is loaded.
	demo: await locals.db(demoDataPresent),
	// The footer says whether the areas on the map are approximate or official.
	areas: (await locals.db((tx) => regionSummary(tx, locals.region)))?.areas ?? null,
	basemapStyleUrl: getEnv().basemapStyleUrl,
	staff: Boolean(locals.user?.role)
});
