import type { PageServerLoad } from './$types';
import { requirePermission } from '$lib/server/auth/permissions';
import { loadNetwork } from '$lib/server/network/network';

// The staff view of the cooperation network: the public view plus the unpublished activities
// RLS lets staff read, each marked as such.
export const load: PageServerLoad = (event) => {
	requirePermission(event, 'read_panel');
	return loadNetwork(event, true);
};
