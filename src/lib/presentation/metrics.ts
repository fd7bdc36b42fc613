/**
 * Presentation mode: the choropleth metrics, their URL values and the class
 * breaks. Shared by the server (which classifies) and the page (which colours and labels).
 */

/** URL values of ?miara=…, in the order of the metric picker. */
export const METRICS = ['potrzeby', 'wsparcia', 'zasoby', 'pokrycie'] as const;
export type Metric = (typeof METRICS)[number];
export const DEFAULT_METRIC: Metric = 'potrzeby';

/** Coverage distance of the "coverage %" metric, in metres (the planning panel's default too). */
export const COVERAGE_DISTANCE_M = 2000;

export function isMetric(value: string | null): value is Metric {
	return value !== null && (METRICS as readonly string[]).includes(value);
}

/**
 * Class codes of a village on the map. Fixed codes, so the fill colour is one `match`
 * expression on feature-state and a metric change only sets states (no layer rebuild).
 */
export const CLASS = {
	noData: 0,
	zero: 1,
	/** A count of 1–2 in a public view: its exact value (and so its range) is not published. */
	suppressed: 2,
	/** First of the numeric ranges; range i has code RANGE + i. */
	range: 3
} as const;

/** Low to high; readable on the dark presentation theme and distinct for colour-blind people. */
export const RANGE_COLORS = ['#5ab4ac', '#f6e05e', '#f97316'] as const;
export const CLASS_COLORS: Record<number, string> = {
	[CLASS.noData]: '#1f2933',
	[CLASS.zero]: '#3e4c59',
	[CLASS.suppressed]: '#9aa5b1',
	[CLASS.range]: RANGE_COLORS[0],
	[CLASS.range + 1]: RANGE_COLORS[1],
	[CLASS.range + 2]: RANGE_COLORS[2]
};

export interface Range {
	from: number;
	to: number;
}

/**
 * Up to `count` ranges over the distinct positive values, each holding about as many distinct
 * values (quantiles of the distinct values): with few villages above zero every range is still
 * used, and every value falls in exactly one range.
 */
export function ranges(values: readonly number[], count = RANGE_COLORS.length): Range[] {
	const distinct = [...new Set(values.filter((v) => v > 0))].sort((a, b) => a - b);
	const k = Math.min(count, distinct.length);
	const result: Range[] = [];
	for (let i = 0; i < k; i++) {
		const start = Math.floor((i * distinct.length) / k);
		const end = Math.floor(((i + 1) * distinct.length) / k) - 1;
		result.push({ from: distinct[start], to: distinct[end] });
	}
	return result;
}

/** A village's value of one metric: `null` when unknown or suppressed (then `suppressed`). */
export interface MetricValue {
	value: number | null;
	suppressed: boolean;
}

/** The map class of a value, given the ranges built from the published values. */
export function classOf(metric: MetricValue, breaks: readonly Range[]): number {
	if (metric.suppressed) return CLASS.suppressed;
	if (metric.value === null) return CLASS.noData;
	if (metric.value === 0) return CLASS.zero;
	const index = breaks.findIndex((r) => metric.value !== null && metric.value <= r.to);
	return CLASS.range + (index === -1 ? breaks.length - 1 : index);
}
