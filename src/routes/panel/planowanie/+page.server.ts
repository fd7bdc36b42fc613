import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { cachedAnalysis } from '$lib/server/cache/analysis';
import {
	areaCoverage,
	coverage,
	needHotspots,
	planningArea,
	planningChoices,
	planningNeeds,
	planningResources,
	suggestVenues,
	type AreaRef
} from '$lib/server/planning/queries';
import { categories, regionSummary } from '$lib/server/region/queries';
import {
	HOTSPOT_EPS_M,
	HOTSPOT_MIN_NEEDS,
	HOTSPOT_MONTHS,
	parsePlanningParams,
	type PlanningParamError
} from '$lib/planning/params';

/** Needs listed per area; the venue search starts from all of them unless some are ticked. */
const TOP_NEEDS = 20;
const VENUES = 10;

// Read-only for every staff role: it only reads, under RLS, as the signed-in
// user, so staff counts include drafts and new reports.
export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const { locals, url } = event;
	const params = parsePlanningParams(url.searchParams);
	const errors: (PlanningParamError | 'village' | 'solectwo' | 'category')[] = [...params.errors];

	return locals.db(async (tx) => {
		const [region, choices, cats] = [
			await regionSummary(tx, locals.region),
			await planningChoices(tx, locals.region),
			await categories(tx)
		];
		if (!region) error(503, m.api_region_missing());
		// Unknown slugs are checked here, before any SQL function would raise and end the transaction.
		let category = params.category;
		if (!cats.resource.some((c) => c.slug === category)) {
			errors.push('category');
			category = 'swietlica';
		}
		let area: AreaRef | null = null;
		if (params.village) {
			if (choices.villages.some((v) => v.slug === params.village))
				area = { village: params.village, solectwo: null };
			else errors.push('village');
		} else if (params.solectwo) {
			if (choices.solectwa.some((s) => s.slug === params.solectwo))
				area = { village: null, solectwo: params.solectwo };
			else errors.push('solectwo');
		}

		// Largest gap first; villages with the same rank keep public.coverage's Polish
		// alphabetical order (Array.prototype.sort is stable).
		const ranking = [...(await coverage(tx, locals.region, category, params.reach))].sort(
			(a, b) => a.gap_rank - b.gap_rank
		);
		// Cached by data version: a reload or another organizer's view does not cluster again.
		const hotspots = await cachedAnalysis(
			tx,
			locals.region,
			['hotspots', user.role, area?.village ?? null, area?.solectwo ?? null],
			() => needHotspots(tx, locals.region, area, HOTSPOT_MONTHS, HOTSPOT_EPS_M, HOTSPOT_MIN_NEEDS)
		);
		const details = area
			? await (async (a: AreaRef) => {
					const needs = await planningNeeds(tx, locals.region, a, TOP_NEEDS);
					const topIds = needs.top.map((n) => n.id);
					const chosen = params.needs.length > 0 ? params.needs : topIds;
					return {
						area: await planningArea(tx, locals.region, a),
						needs,
						resources: await planningResources(tx, locals.region, a, params.radius),
						coverage: await areaCoverage(tx, locals.region, a, category, params.reach),
						chosenNeeds: chosen,
						venues: await suggestVenues(
							tx,
							locals.region,
							chosen,
							params.minCapacity,
							params.stepFree,
							VENUES
						)
					};
				})(area)
			: null;

		return {
			canPlan: can(user, 'plan'),
			params: { ...params, category },
			errors,
			regionBbox: region.bbox,
			choices,
			categories: cats,
			ranking,
			hotspots,
			details
		};
	});
};
