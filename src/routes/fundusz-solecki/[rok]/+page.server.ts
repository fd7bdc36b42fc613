import type { PageServerLoad } from './$types';
import { loadFund } from '$lib/server/fund/load';

// The village fund of a budget year: every sołectwo with its amount (404 while the fund is off).
export const load: PageServerLoad = async (event) => ({
	fund: await loadFund(event, event.params.rok, null)
});
