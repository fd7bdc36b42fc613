import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type {
	AreaCoverage,
	CoverageRow,
	Hotspot,
	PlanningArea,
	PlanningNeeds,
	PlanningResources,
	VenueSuggestions
} from '$lib/planning/types';

// Planning by village. Each call is one SQL function of
// 20261205000900_places.sql, SECURITY INVOKER, so RLS decides what is counted.
// Constant SQL text, bound parameters only.

/** A village (locality) or a sołectwo: exactly one of the two slugs is set. */
export interface AreaRef {
	village: string | null;
	solectwo: string | null;
}

/** The first three parameters of every area function: region, village slug, sołectwo slug. */
const areaParams = (region: string, area: AreaRef) => [region, area.village, area.solectwo];

export const planningArea = (tx: Tx, region: string, area: AreaRef) =>
	value<PlanningArea>(tx, 'select public.planning_area($1, $2, $3) as v', areaParams(region, area));

export const planningNeeds = (tx: Tx, region: string, area: AreaRef, top: number) =>
	value<PlanningNeeds>(tx, 'select public.planning_needs($1, $2, $3, $4) as v', [
		...areaParams(region, area),
		top
	]);

export const planningResources = (tx: Tx, region: string, area: AreaRef, radiusM: number) =>
	value<PlanningResources>(tx, 'select public.planning_resources($1, $2, $3, $4) as v', [
		...areaParams(region, area),
		radiusM
	]);

export const coverage = (tx: Tx, region: string, category: string, maxM: number) =>
	value<CoverageRow[]>(tx, 'select public.coverage($1, $2, $3) as v', [region, category, maxM]);

/** The same, as JSON text for the open API (passed through without re-serialising). */
export const coverageText = (tx: Tx, region: string, category: string, maxM: number) =>
	value<string>(tx, 'select public.coverage($1, $2, $3)::text as v', [region, category, maxM]);

export const areaCoverage = (
	tx: Tx,
	region: string,
	area: AreaRef,
	category: string,
	maxM: number
) =>
	value<AreaCoverage>(tx, 'select public.area_coverage($1, $2, $3, $4, $5) as v', [
		...areaParams(region, area),
		category,
		maxM
	]);

export const suggestVenues = (
	tx: Tx,
	region: string,
	needIds: string[],
	minCapacity: number | null,
	stepFree: boolean,
	limit: number
) =>
	value<VenueSuggestions>(tx, 'select public.suggest_venues($1, $2::uuid[], $3, $4, $5) as v', [
		region,
		needIds,
		minCapacity,
		stepFree,
		limit
	]);

/** Hotspots of the needs reported in the last `months` months (bounded cost, see private.need_clusters). */
export const needHotspots = (
	tx: Tx,
	region: string,
	area: AreaRef | null,
	months: number,
	epsM: number,
	minPoints: number
) =>
	value<Hotspot[]>(tx, 'select public.need_hotspots($1, $2, $3, $4, $5, $6) as v', [
		region,
		area?.village ?? null,
		area?.solectwo ?? null,
		months,
		epsM,
		minPoints
	]);

export const villageSummaryText = (tx: Tx, region: string, village: string) =>
	value<string | null>(tx, 'select public.village_summary($1, $2)::text as v', [region, village]);

export interface PlanningChoices {
	villages: { name: string; slug: string }[];
	solectwa: { name: string; slug: string; villages: number }[];
}

export const planningChoices = (tx: Tx, region: string) =>
	value<PlanningChoices>(tx, 'select public.planning_choices($1) as v', [region]);

export const solectwoSummaryText = (tx: Tx, region: string, solectwo: string) =>
	value<string | null>(tx, 'select public.solectwo_summary($1, $2)::text as v', [region, solectwo]);
