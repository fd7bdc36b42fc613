import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type { FundNeedChoice, VillageFund } from '$lib/fund/types';

// Typed calls of the village fund's SQL functions (…_village_fund.sql). Every call runs as the
// request's role: RLS decides who reads drafts and who writes.

/** The fund of a budget year (one sołectwo, or all with `solectwo` null); null while it is off. */
export const villageFund = (tx: Tx, region: string, year: number, solectwo: string | null) =>
	value<VillageFund | null>(tx, 'select public.village_fund($1, $2, $3) as v', [
		region,
		year,
		solectwo
	]);

/** Whether the region has established the fund, and its council resolution. */
export async function fundSettings(tx: Tx, region: string) {
	const rows = await tx.query<{ established: boolean; resolution: string | null }>(
		`select s.established, s.resolution from public.village_fund_settings s
		 join public.regions r on r.id = s.region_id where r.slug = $1`,
		[region]
	);
	return rows[0] ?? { established: false, resolution: null };
}

/** The newest budget year with a base amount, or null. */
export async function latestFundYear(tx: Tx, region: string): Promise<number | null> {
	const rows = await tx.query<{ year: number }>(
		`select y.year from public.village_fund_years y join public.regions r on r.id = y.region_id
		 where r.slug = $1 order by y.year desc limit 1`,
		[region]
	);
	return rows[0]?.year ?? null;
}

export const fundNeedChoices = (tx: Tx, region: string, solectwo: string) =>
	value<FundNeedChoice[]>(tx, 'select public.village_fund_need_choices($1, $2) as v', [
		region,
		solectwo
	]);

export const saveFundSettings = (
	tx: Tx,
	region: string,
	established: boolean,
	resolution: string
) =>
	value(tx, 'select public.save_village_fund_settings($1, $2, $3) as v', [
		region,
		established,
		resolution
	]);

export interface FundYearInput {
	year: number;
	current_revenue: number;
	gmina_population: number;
	source: string;
}

export const saveFundYear = (tx: Tx, region: string, y: FundYearInput) =>
	value(tx, 'select public.save_village_fund_year($1, $2, $3, $4, $5) as v', [
		region,
		y.year,
		y.current_revenue,
		y.gmina_population,
		y.source
	]);

export interface FundAllocationInput {
	population: number;
	population_date: string;
	override_amount: number | null;
	override_reason: string;
}

export const saveFundAllocation = (
	tx: Tx,
	region: string,
	year: number,
	solectwo: string,
	a: FundAllocationInput
) =>
	value(tx, 'select public.save_village_fund_allocation($1, $2, $3, $4, $5, $6, $7) as v', [
		region,
		year,
		solectwo,
		a.population,
		a.population_date,
		a.override_amount,
		a.override_reason
	]);

/** The assembly or a proposal as the SQL function's jsonb argument. */
export const saveFundAssembly = (
	tx: Tx,
	region: string,
	year: number,
	solectwo: string,
	payload: object
) =>
	value(tx, 'select public.save_village_fund_assembly($1, $2, $3, $4::text::jsonb) as v', [
		region,
		year,
		solectwo,
		JSON.stringify(payload)
	]);

export const saveFundProposal = (
	tx: Tx,
	region: string,
	year: number,
	solectwo: string,
	payload: object
) =>
	value(tx, 'select public.save_village_fund_proposal($1, $2, $3, $4::text::jsonb) as v', [
		region,
		year,
		solectwo,
		JSON.stringify(payload)
	]);

export const deleteFundProposal = (tx: Tx, id: number) =>
	value(tx, 'select public.delete_village_fund_proposal($1) as v', [id]);
