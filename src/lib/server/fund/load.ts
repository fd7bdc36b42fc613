import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { parseFundYear, SOLECTWO_SLUG } from './params.ts';
import { villageFund } from './queries.ts';

/**
 * The fund of a budget year for a public page: 404 for a malformed year or sołectwo, a year
 * without a base amount, and whenever the region has not established the fund (the SQL function
 * answers null then), so the pages do not exist while the fund is off.
 */
export async function loadFund(
	event: Pick<RequestEvent, 'locals'>,
	yearParam: string,
	solectwo: string | null
) {
	const year = parseFundYear(yearParam);
	if (year === null || (solectwo !== null && !SOLECTWO_SLUG.test(solectwo)))
		error(404, m.fund_not_found());
	const { locals } = event;
	const fund = await locals.db((tx) => villageFund(tx, locals.region, year, solectwo));
	if (!fund || !fund.years.includes(year)) error(404, m.fund_not_found());
	if (solectwo !== null && fund.solectwa.length === 0) error(404, m.fund_not_found());
	return fund;
}
