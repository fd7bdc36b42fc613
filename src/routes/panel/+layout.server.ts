import { permissionsOf, requirePermission } from '$lib/server/auth/permissions';
import { fundSettings } from '$lib/server/fund/queries';
import type { LayoutServerLoad } from './$types';

// Everything under /panel needs a staff role; pages narrow it further.
export const load: LayoutServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	// Panel pages hold contacts and unpublished reports: never kept by browsers or proxies.
	event.setHeaders({ 'cache-control': 'private, no-store' });
	// The navigation and the read-only note follow what this user may do, not the role's name.
	const { locals } = event;
	// The village fund's section only once the gmina has established it (admins switch it on there).
	const villageFund = (await locals.db((tx) => fundSettings(tx, locals.region))).established;
	return { user, permissions: permissionsOf(user), villageFund };
};
