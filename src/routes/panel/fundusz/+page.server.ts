import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { freeText } from '$lib/text';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { formValues, fundRefusal, yearInput } from '$lib/server/fund/input';
import { parseFundYear } from '$lib/server/fund/params';
import {
	fundSettings,
	latestFundYear,
	saveFundSettings,
	saveFundYear,
	villageFund
} from '$lib/server/fund/queries';

// The village fund in the panel: admins switch it on (the council's resolution, art. 2 ust. 1 of
// the act) and enter each budget year's Wb and Lmg; staff see the sołectwa's amounts and open a
// sołectwo's proposals. While the fund is off only admins find this page.

export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const { locals, url } = event;
	const canAdmin = can(user, 'manage_area');
	const { settings, latest } = await locals.db(async (tx) => ({
		settings: await fundSettings(tx, locals.region),
		latest: await latestFundYear(tx, locals.region)
	}));
	if (!settings.established && !canAdmin) error(404, m.fund_not_found());
	const year =
		parseFundYear(url.searchParams.get('rok') ?? '') ?? latest ?? new Date().getFullYear() + 1;
	const fund = settings.established
		? await locals.db((tx) => villageFund(tx, locals.region, year, null))
		: null;
	return { settings, year, fund, canAdmin };
};

export const actions = {
	settings: async (event) => {
		requirePermission(event, 'manage_area');
		const { locals } = event;
		const values = formValues(await event.request.formData());
		const resolution = freeText(values.resolution ?? '');
		if (resolution === null || resolution.length > 500)
			return fail(422, { form: 'settings', values, errors: { resolution: m.fund_err_text() } });
		try {
			await locals.db((tx) =>
				saveFundSettings(tx, locals.region, values.established === 'on', resolution)
			);
		} catch (e) {
			const refused = fundRefusal(e);
			if (refused)
				return fail(refused.status, { form: 'settings', values, errors: refused.errors });
			throw e;
		}
		return { form: 'settings', done: true };
	},
	year: async (event) => {
		requirePermission(event, 'manage_area');
		const { locals } = event;
		const values = formValues(await event.request.formData());
		const { input, errors } = yearInput(values);
		if (!input) return fail(422, { form: 'year', values, errors });
		try {
			await locals.db((tx) => saveFundYear(tx, locals.region, input));
		} catch (e) {
			const refused = fundRefusal(e);
			if (refused) return fail(refused.status, { form: 'year', values, errors: refused.errors });
			throw e;
		}
		redirect(303, route(`/panel/fundusz?rok=${input.year}`));
	}
} satisfies Actions;
