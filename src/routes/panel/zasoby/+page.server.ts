import type { PageServerLoad } from './$types';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { categories } from '$lib/server/region/queries';
import { readFilters } from '$lib/server/resources/filters';
import { listResources } from '$lib/server/resources/register';

// The register: staff read it; write controls only for organizers and admins.
export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const filters = readFilters(event.url);
	const data = await event.locals.db(async (tx) => ({
		resources: await listResources(tx, event.locals.region, filters),
		categories: (await categories(tx)).resource
	}));
	return { ...data, filters, canEdit: can(user, 'edit_resources') };
};
