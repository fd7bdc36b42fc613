import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { requirePermission } from '$lib/server/auth/permissions';
import { categories, regionSummary } from '$lib/server/region/queries';
import { submitResourceForm } from '$lib/server/resources/form';

// New resource: organizers and admins only, in the page and in the action.
export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'edit_resources');
	const data = await event.locals.db(async (tx) => ({
		region: await regionSummary(tx, event.locals.region),
		categories: (await categories(tx)).resource
	}));
	if (!data.region) error(503, m.api_region_missing());
	return { region: data.region, categories: data.categories };
};

export const actions = {
	save: async (event) => {
		requirePermission(event, 'edit_resources');
		const result = await submitResourceForm(event, null);
		if ('id' in result) redirect(303, route(`/panel/zasoby/${result.id}?zapisano=1`));
		return result;
	}
} satisfies Actions;
