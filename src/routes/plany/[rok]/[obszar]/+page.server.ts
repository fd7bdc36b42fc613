import type { PageServerLoad } from './$types';
import { loadPlanWithDiagnosis } from '$lib/server/plans/load';

// The organizing plan of a scope for a year: the published plan for everyone, drafts (marked)
// for staff; every figure live from the data.
export const load: PageServerLoad = async (event) => {
	const { params } = event;
	const { doc, diagnosis, staff } = await loadPlanWithDiagnosis(event, params.rok, params.obszar);
	if (staff) event.setHeaders({ 'cache-control': 'private, no-store' });
	return { doc, diagnosis, staff };
};
