import type { PageServerLoad } from './$types';
import { loadPlan } from '$lib/server/plans/load';

// The yearly report of a plan: published for everyone, drafts (marked) for staff.
export const load: PageServerLoad = async (event) => {
	const { params } = event;
	const { doc, staff } = await loadPlan(event, params.rok, params.obszar, 'report');
	if (staff) event.setHeaders({ 'cache-control': 'private, no-store' });
	return { doc, staff };
};
