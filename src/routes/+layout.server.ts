import type { LayoutServerLoad } from './$types';
import { can } from '$lib/server/auth/permissions';
import { getEnv } from '$lib/server/db';
import { demoDataPresent, regionSummary } from '$lib/server/region/queries';
import { fundSettings } from '$lib/server/fund/queries';

export const load: LayoutServerLoad = async ({ locals }) => ({
	// Fictional demo data must be announced on every page while it is loaded.
	demo: await locals.db(demoDataPresent),
	// The footer says whether the areas on the map are approximate or official.
	areas: (await locals.db((tx) => regionSummary(tx, locals.region)))?.areas ?? null,
	basemapStyleUrl: getEnv().basemapStyleUrl,
	// The footer links to the panel for those who may open it, to the login page for the rest.
	staff: can(locals.user, 'read_panel'),
	// The village fund's link only where the gmina has established the fund.
	villageFund: (await locals.db((tx) => fundSettings(tx, locals.region))).established
});
