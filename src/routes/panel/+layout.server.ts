import { requireRole, STAFF } from '$lib/server/auth/guard';
import type { LayoutServerLoad } from './$types';

// Everything under /panel needs a staff role; pages narrow it further.
export const load: LayoutServerLoad = (event) => {
	const user = requireRole(event, STAFF);
	// Panel pages hold contacts and unpublished reports: never kept by browsers or proxies.
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return { user };
};
