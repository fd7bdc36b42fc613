import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Metric, MetricValue, Range } from '$lib/presentation/metrics';

export const METRIC_LABELS: Record<Metric, () => string> = {
	potrzeby: m.pres_metric_potrzeby,
	wsparcia: m.pres_metric_wsparcia,
	zasoby: m.pres_metric_zasoby,
	pokrycie: m.pres_metric_pokrycie
};

/** Metrics built from residents' input: their 1–2 counts are suppressed in public views. */
export const SUPPRESSIBLE: ReadonlySet<Metric> = new Set(['potrzeby', 'wsparcia']);

function number(value: number): string {
	return new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 1 }).format(value);
}

/** A number of the metric with its unit, e.g. "4,2 na 100 adresów" or "56%". */
export function formatNumber(metric: Metric, value: number): string {
	if (metric === 'potrzeby') return m.pres_value_per100({ value: number(value) });
	if (metric === 'pokrycie') return m.pres_value_percent({ value: number(value) });
	return number(value);
}

export function formatValue(metric: Metric, value: MetricValue): string {
	if (value.suppressed) return metric === 'potrzeby' ? m.pres_value_suppressed() : '<3';
	if (value.value === null) return m.pres_value_none();
	return formatNumber(metric, value.value);
}

export function formatRange(metric: Metric, range: Range): string {
	if (range.from === range.to) return formatNumber(metric, range.from);
	const unitless = `${number(range.from)}–${number(range.to)}`;
	if (metric === 'potrzeby') return m.pres_value_per100({ value: unitless });
	if (metric === 'pokrycie') return m.pres_value_percent({ value: unitless });
	return unitless;
}

/** A date of an activity in the page's language, e.g. "5 grudnia 2026". */
export function formatDate(date: string): string {
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long', timeZone: 'UTC' }).format(
		new Date(`${date}T00:00:00Z`)
	);
}
