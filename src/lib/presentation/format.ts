import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Metric, MetricValue, Range } from '$lib/presentation/metrics';

// One way to write the figures of the presentation, the diagnosis and the planning panel in the
// page's language: Intl.NumberFormat with the locale's CLDR conventions (ECMA-402), so Polish
// gets a decimal comma and a space between thousands ("4,6", "12 345", "13,7%") and English a
// point and a comma ("4.6", "12,345", "13.7%"). Never toFixed or String(): they always write a point.

const formats = new Map<string, Intl.NumberFormat>();

/** One Intl.NumberFormat per language and style, made once. */
function numberFormat(style: 'decimal' | 'percent', maximumFractionDigits: number) {
	const locale = getLocale();
	const key = `${locale}:${style}:${maximumFractionDigits}`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(locale, { style, maximumFractionDigits });
		formats.set(key, format);
	}
	return format;
}

/** A number in the page's language, with at most `fractionDigits` decimals: "4,6" / "4.6". */
export function formatNumber(value: number, fractionDigits = 1): string {
	return numberFormat('decimal', fractionDigits).format(value);
}

/** A count, or the "<3" that stands for a suppressed one: a number string is formatted too. */
export function formatCount(value: number | string): string {
	if (typeof value === 'number') return formatNumber(value, 0);
	return /^\d+$/.test(value) ? formatNumber(Number(value), 0) : value;
}

/**
 * An amount of money in złoty with grosze, in the page's language: "10 721,09 zł" /
 * "PLN 10,721.09" (Intl currency style, ISO 4217 PLN).
 */
export function formatMoney(value: number): string {
	const locale = getLocale();
	const key = `${locale}:money`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'PLN' });
		formats.set(key, format);
	}
	return format.format(value);
}

/** A share of 0–1 as a percent with at most one decimal: "13,7%" / "13.7%"; "—" when unknown. */
export function formatShare(share: number | null): string {
	return share === null ? '—' : numberFormat('percent', 1).format(share);
}

export const METRIC_LABELS: Record<Metric, () => string> = {
	potrzeby: m.pres_metric_potrzeby,
	wsparcia: m.pres_metric_wsparcia,
	zasoby: m.pres_metric_zasoby,
	pokrycie: m.pres_metric_pokrycie
};

/** Metrics built from residents' input: their 1–2 counts are suppressed in public views. */
export const SUPPRESSIBLE: ReadonlySet<Metric> = new Set(['potrzeby', 'wsparcia']);

/** A value of the metric with its unit, e.g. "4,2 na 100 adresów" or "56%" (coverage is 0–100). */
export function formatMetric(metric: Metric, value: number): string {
	if (metric === 'potrzeby') return m.pres_value_per100({ value: formatNumber(value) });
	if (metric === 'pokrycie') return formatShare(value / 100);
	return formatNumber(value);
}

export function formatValue(metric: Metric, value: MetricValue): string {
	if (value.suppressed) return metric === 'potrzeby' ? m.pres_value_suppressed() : '<3';
	if (value.value === null) return m.pres_value_none();
	return formatMetric(metric, value.value);
}

/** A legend range with its unit: "1,2–4,6 na 100 adresów", "20% – 56%" (as Intl writes ranges). */
export function formatRange(metric: Metric, range: Range): string {
	if (range.from === range.to) return formatMetric(metric, range.from);
	if (metric === 'pokrycie')
		return numberFormat('percent', 1).formatRange(range.from / 100, range.to / 100);
	const numbers = numberFormat('decimal', 1).formatRange(range.from, range.to);
	return metric === 'potrzeby' ? m.pres_value_per100({ value: numbers }) : numbers;
}

/** A date of an activity in the page's language, e.g. "5 grudnia 2026". */
export function formatDate(date: string): string {
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long', timeZone: 'UTC' }).format(
		new Date(`${date}T00:00:00Z`)
	);
}
