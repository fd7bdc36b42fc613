import { requireRole, STAFF } from '$lib/server/auth/guard';
import type { LayoutServerLoad } from './$types';

// Everything under /panel needs a staff role (issue #4, item 1); pages narrow it further.
export const load: LayoutServerLoad = (event) => {
	const user = requireRole(event, STAFF);
	return { user };
};
