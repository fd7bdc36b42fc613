import type { PageServerLoad } from './$types';
import { loadFund } from '$lib/server/fund/load';

// One sołectwo's village fund of a budget year: amount, proposals, assembly and what was done.
// RLS shows residents the proposals the assembly decided on; staff also see drafts.
export const load: PageServerLoad = async (event) => {
	const fund = await loadFund(event, event.params.rok, event.params.solectwo);
	return { fund, solectwo: fund.solectwa[0] };
};
