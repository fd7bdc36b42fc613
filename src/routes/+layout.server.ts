import type { LayoutServerLoad } from './$types';
import { getEnv } from '$lib/server/db';
import { demoDataPresent } from '$lib/server/queries';

export const load: LayoutServerLoad = async ({ locals }) => ({
	// Fictional demo data must be announced on every page while it is loaded (issue #2, item 4).
	demo: await locals.db(demoDataPresent),
	basemapStyleUrl: getEnv().basemapStyleUrl,
	staff: Boolean(locals.user?.role)
});
