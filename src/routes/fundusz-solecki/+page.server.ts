import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { fundSettings, latestFundYear } from '$lib/server/fund/queries';

// /fundusz-solecki leads to the newest budget year; it does not exist while the fund is off.
export const load: PageServerLoad = async ({ locals }) => {
	const { established, year } = await locals.db(async (tx) => ({
		established: (await fundSettings(tx, locals.region)).established,
		year: await latestFundYear(tx, locals.region)
	}));
	if (!established || year === null) error(404, m.fund_not_found());
	redirect(303, route(`/fundusz-solecki/${year}`));
};
