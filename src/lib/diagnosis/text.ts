import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatCount, formatNumber } from '$lib/presentation/format';
import { GAP_SHARE, type Count, type Diagnosis, type Labelled } from './types';

// Texts of a diagnosis shared by the page, the PDF and the exports: labels in
// the request's language and the short automatic summary built from the figures.

export const label = (l: Labelled) => (getLocale() === 'en' ? l.label_en : l.label_pl);

/** A count as the language writes numbers, or its "<3". */
export const fmt = (c: Count) => formatCount(c);

/** The percent of a share without its sign, for a message that writes "%" itself: "13,7". */
export const percent = (share: number | null) => (share === null ? '—' : formatNumber(share * 100));

export const kindLabel = (kind: Diagnosis['scope']['kind']) =>
	kind === 'gmina'
		? m.diag_kind_gmina()
		: kind === 'solectwo'
			? m.diag_kind_solectwo()
			: m.diag_kind_village();

const dateFormat = () =>
	new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'pl-PL', {
		dateStyle: 'long',
		timeZone: 'Europe/Warsaw'
	});
const dateTimeFormat = () =>
	new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : 'pl-PL', {
		dateStyle: 'short',
		timeStyle: 'short',
		timeZone: 'Europe/Warsaw'
	});

export const formatDate = (iso: string) => dateFormat().format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFormat().format(new Date(iso));

/**
 * The coverage gaps, biggest first, by the rule the page states (figures_gap_rule): a category
 * the gmina has (a published resource somewhere in it) whose reach covers less than GAP_SHARE of
 * this area's address points. Its size (`behind`) is how many of the area's address points are
 * within reach fewer than at the share of the whole gmina, i.e. the share gap weighted by the
 * area's address points; for the gmina itself, the points out of reach. A category the gmina has
 * nowhere is no gap of this area (it is marked apart), so a village with nothing near gets the
 * category it lacks most against the rest of the gmina, never the first of many 0% categories.
 */
export function coverageGaps(d: Diagnosis) {
	return d.coverage.by_category
		.filter((c) => c.gmina_resources > 0 && c.share !== null && c.share < GAP_SHARE)
		.map((c) => {
			const reference = d.scope.kind === 'gmina' ? 1 : (c.gmina_share ?? 0);
			return {
				...c,
				uncovered: c.address_points - c.covered,
				behind: Math.round((reference - (c.share ?? 0)) * c.address_points)
			};
		})
		.sort(
			(a, b) =>
				b.behind - a.behind || b.uncovered - a.uncovered || a.category.localeCompare(b.category)
		);
}

/** The rule that picks the biggest gap, as the page and the PDF state it. */
export const gapRule = (d: Diagnosis) =>
	m.figures_gap_rule({
		gap: formatNumber(GAP_SHARE * 100, 0),
		reach: formatNumber(d.coverage.reach_m, 0)
	});

/** The label of a category in the coverage chart: marked as a gap, or as absent from the gmina. */
export function coverageLabel(c: Diagnosis['coverage']['by_category'][number], gaps: Set<string>) {
	if (c.gmina_resources === 0) return `${label(c)} (${m.figures_absent()})`;
	return label(c) + (gaps.has(c.category) ? ` (${m.diag_gap()})` : '');
}

/** The key figures, each with its label: the page's list and the PDF's table. */
export function keyFigures(d: Diagnosis): [string, string | number][] {
	return [
		[m.diag_fig_needs(), fmt(d.totals.needs)],
		[m.diag_fig_supports(), fmt(d.totals.supports)],
		[m.diag_fig_resources(), fmt(d.totals.resources)],
		[m.diag_fig_activities_planned(), fmt(d.totals.activities_planned)],
		[m.diag_fig_activities_done(), fmt(d.totals.activities_done)],
		[m.diag_fig_address_points(), formatNumber(d.scope.address_points, 0)]
	];
}

/**
 * The automatic summary: the most reported need categories (up to three), the most supported
 * need, the biggest coverage gap and the activities — one sentence each.
 */
export function summaryLines(d: Diagnosis): string[] {
	const lines: string[] = [];
	const top = d.needs.by_category.slice(0, 3);
	if (top.length === 0) lines.push(m.diag_summary_no_needs());
	else {
		const list = top.map((c) => `${label(c)} (${fmt(c.count)})`).join(', ');
		lines.push(m.diag_summary_top_needs({ list }));
		const best = d.needs.top[0];
		if (best)
			lines.push(
				m.diag_summary_most_supported({ title: best.title, supports: fmt(best.supports) })
			);
	}
	const gap = coverageGaps(d)[0];
	lines.push(
		gap
			? d.scope.kind === 'gmina'
				? m.figures_summary_gap_gmina({
						category: label(gap),
						uncovered: formatNumber(gap.uncovered, 0),
						points: formatNumber(gap.address_points, 0),
						share: percent(gap.share),
						reach: formatNumber(d.coverage.reach_m, 0)
					})
				: m.figures_summary_gap({
						category: label(gap),
						share: percent(gap.share),
						gmina: percent(gap.gmina_share),
						behind: formatNumber(gap.behind, 0),
						points: formatNumber(gap.address_points, 0),
						reach: formatNumber(d.coverage.reach_m, 0)
					})
			: m.diag_summary_no_gap()
	);
	lines.push(
		m.diag_summary_activities({ done: fmt(d.activities.done), planned: fmt(d.activities.planned) })
	);
	return lines;
}

/** The comparison of a village or sołectwo with the whole gmina; null for the gmina itself. */
export function comparisonLine(d: Diagnosis): string | null {
	if (!d.gmina) return null;
	return m.diag_compare_gmina({
		gmina: d.gmina.name,
		needs: fmt(d.gmina.needs),
		resources: fmt(d.gmina.resources),
		done: fmt(d.gmina.activities_done)
	});
}

/** The footer of every printed page and of the PDF: the date and the data snapshot. */
export function snapshotLine(d: Diagnosis): string {
	const t = d.totals;
	const activities = String(t.activities_planned + t.activities_done);
	return m.diag_footer({
		name: d.scope.name,
		date: formatDateTime(d.generated_at),
		needs: fmt(t.needs),
		resources: fmt(t.resources),
		activities
	});
}

/**
 * What the panel says once a text it writes (a diagnosis's conclusions, a plan, a report) is
 * saved: published, withdrawn to a draft, or saved as it was.
 */
export const savedNote = (done: string | undefined) =>
	done === 'published'
		? m.diag_panel_published()
		: done === 'draft'
			? m.diag_panel_unpublished()
			: m.diag_panel_saved();
