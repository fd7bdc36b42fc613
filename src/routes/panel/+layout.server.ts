import { permissionsOf, requirePermission } from '$lib/server/auth/permissions';
import type { LayoutServerLoad } from './$types';

// Everything under /panel needs a staff role; pages narrow it further.
export const load: LayoutServerLoad = (event) => {
	const user = requirePermission(event, 'read_panel');
	// Panel pages hold contacts and unpublished reports: never kept by browsers or proxies.
	event.setHeaders({ 'cache-control': 'private, no-store' });
	// The navigation and the read-only note follow what this user may do, not the role's name.
	return { user, permissions: permissionsOf(user) };
};
