import type { Tx } from '../db/types.ts';
import { isSuppressed, suppressCount } from '$lib/suppress';
import {
	classOf,
	COVERAGE_DISTANCE_M,
	METRICS,
	ranges,
	type Metric,
	type MetricValue,
	type Range
} from '$lib/presentation/metrics';
import type { PresentationData, PresentationVillage } from '$lib/presentation/types';

/** One village as public.presentation_villages returns it (exact figures: server only). */
interface Row {
	id: number;
	name: string;
	slug: string;
	solectwo: string | null;
	address_points: number;
	needs: number;
	supports: number;
	resources: number;
	covered: number;
	bbox: [number, number, number, number];
	label: [number, number];
	resources_by_category: {
		category: string;
		label_pl: string;
		label_en: string;
		names: string[];
	}[];
	top_needs: {
		title: string;
		category: string;
		label_pl: string;
		label_en: string;
		supports: number;
	}[];
	activities: { title: string; date: string | null }[];
}

function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

/**
 * The metric values of one village. Every count is of items public one by one (public needs
 * with their supports on the map, published resources listed by name), so none is suppressed
 * ($lib/suppress); were one computed from non-public data, its per-100 rate would be hidden
 * with it (the address points are public, so the rate would give the count away).
 */
function metricValues(row: Row, exact: boolean): Record<Metric, MetricValue> {
	const hidden = (count: number) => isSuppressed(count, exact, 'public');
	const perAddress = (count: number, digits: number) =>
		row.address_points > 0 ? round((count * 100) / row.address_points, digits) : null;
	return {
		potrzeby: hidden(row.needs)
			? { value: null, suppressed: true }
			: { value: perAddress(row.needs, 1), suppressed: false },
		wsparcia: hidden(row.supports)
			? { value: null, suppressed: true }
			: { value: row.supports, suppressed: false },
		zasoby: { value: row.resources, suppressed: false },
		pokrycie: { value: perAddress(row.covered, 0), suppressed: false }
	};
}

/**
 * Everything /prezentacja shows. `exact` says whether the viewer is staff; a small count from
 * non-public data would be replaced by "<3" here for anyone else, so its exact 1–2 would never
 * reach a public client, not even in the page's JSON. The slide's figures all count public
 * items, so everyone gets them exactly.
 */
export async function presentationData(
	tx: Tx,
	region: string,
	category: string,
	exact: boolean
): Promise<PresentationData> {
	// In slide order: Polish alphabetical order ("Ł" after "L", not after "Z"), as
	// public.presentation_villages sorts the rows (private.sort_key_pl).
	const [{ v: sorted }] = await tx.query<{ v: Row[] }>(
		'select public.presentation_villages($1, $2, $3) as v',
		[region, category, COVERAGE_DISTANCE_M]
	);
	const values = sorted.map((row) => metricValues(row, exact));
	const breaks = Object.fromEntries(
		METRICS.map((metric) => [
			metric,
			ranges(values.flatMap((v) => (v[metric].value === null ? [] : [v[metric].value])))
		])
	) as Record<Metric, Range[]>;

	const villages: PresentationVillage[] = sorted.map((row, index) => {
		const metrics = values[index];
		return {
			id: row.id,
			slug: row.slug,
			name: row.name,
			solectwo: row.solectwo,
			bbox: row.bbox,
			label: row.label,
			addressPoints: row.address_points,
			needs: suppressCount(row.needs, exact, 'public'),
			supports: suppressCount(row.supports, exact, 'public'),
			resources: row.resources,
			metrics,
			classes: Object.fromEntries(
				METRICS.map((metric) => [metric, classOf(metrics[metric], breaks[metric])])
			) as Record<Metric, number>,
			resourcesByCategory: row.resources_by_category,
			topNeeds: row.top_needs.map((need) => ({
				title: need.title,
				category: need.category,
				label_pl: need.label_pl,
				label_en: need.label_en,
				supports: suppressCount(need.supports, exact, 'public')
			})),
			activities: row.activities
		};
	});
	const allExact = values.every((v) => METRICS.every((metric) => !v[metric].suppressed));
	return { villages, breaks, exact: allExact, category, distance: COVERAGE_DISTANCE_M };
}
