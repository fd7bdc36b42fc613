import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Network } from '$lib/network/types';
import { isOneOf } from '$lib/vocab/label';
import { PROGRAMME_CATEGORIES, type ProgrammeCategory } from '$lib/vocab/activity-programme';
import { localizeCategoryLabels } from '../category-labels.ts';
import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import { regionSummary, villageMap } from '../region/queries.ts';

// The cooperation network: calls of public.cooperation_network
// (supabase/migrations/20261205002400_network.sql), and the one load of /siec and /panel/siec.

export interface NetworkFilters {
	year: number;
	category: ProgrammeCategory | null;
}

/** The earliest and latest year the SQL function accepts. */
export const NETWORK_YEARS = { min: 2000, max: 2100 } as const;

const SQL = 'select public.cooperation_network($1, $2, $3, $4) as v';

export const cooperationNetwork = (
	tx: Tx,
	region: string,
	filters: NetworkFilters,
	withDrafts: boolean
) => value<Network>(tx, SQL, [region, filters.year, filters.category, withDrafts]);

/** The same document as JSON text, for the open-data endpoint (always published only). */
export const cooperationNetworkText = (tx: Tx, region: string, filters: NetworkFilters) =>
	value<string>(tx, 'select public.cooperation_network($1, $2, $3, false)::text as v', [
		region,
		filters.year,
		filters.category
	]);

/** The current calendar year in the gmina's time zone. */
export function currentYear(now = new Date()): number {
	return Number(
		new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric' }).format(now)
	);
}

/**
 * The page's GET form: `rok` (a year, else the current one) and `kategoria` (a programme
 * category, else all). A value outside the lists shows the default view, as a filter left empty.
 */
export function networkFilters(url: URL): NetworkFilters {
	const yearText = url.searchParams.get('rok') ?? '';
	const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
	const category = url.searchParams.get('kategoria') ?? '';
	return {
		year: year >= NETWORK_YEARS.min && year <= NETWORK_YEARS.max ? year : currentYear(),
		category: isOneOf(PROGRAMME_CATEGORIES, category) ? category : null
	};
}

/**
 * What /siec and /panel/siec show: the network of the chosen year and category, the years to
 * choose from and the map's bounds. `withDrafts` (the panel) adds the unpublished activities RLS
 * lets the caller read, which for staff is all of them.
 */
export async function loadNetwork(event: RequestEvent, withDrafts: boolean) {
	const { locals, url } = event;
	const filters = networkFilters(url);
	const data = await locals.db(async (tx) => {
		const network = await cooperationNetwork(tx, locals.region, filters, withDrafts);
		return {
			region: await regionSummary(tx, locals.region),
			villageMap: await villageMap(tx, locals.region),
			network: {
				...network,
				partners: await localizeCategoryLabels(tx, 'resource', network.partners)
			}
		};
	});
	if (!data.region) error(503, m.api_region_missing());
	const years = [...new Set([currentYear(), filters.year, ...data.network.years])].sort(
		(a, b) => b - a
	);
	return {
		filters,
		years,
		network: data.network,
		bounds: data.region.bbox,
		villageMap: data.villageMap,
		regionName: data.region.name
	};
}
