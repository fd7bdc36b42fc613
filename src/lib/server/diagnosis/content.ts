import * as m from '$lib/paraglide/messages';
import { activityStatusLabel } from '$lib/vocab/activity-status';
import { needStatusLabel } from '$lib/vocab/need-status';
import { GAP_SHARE, type Diagnosis, type DiagnosisMap } from '$lib/diagnosis/types';
import {
	comparisonLine,
	coverageGaps,
	coverageLabel,
	fmt,
	formatDate,
	gapRule,
	kindLabel,
	label,
	summaryLines,
	keyFigures
} from '$lib/diagnosis/text';
import { formatNumber, formatShare } from '$lib/presentation/format';
import type { DocumentWriter } from '../documents/writer.ts';

// The diagnosis as a document, written once for every format: the PDF (pdf.ts) and the Word file
// (docx.ts) each give a writer for the same blocks, so the two never drift apart.

/** Draws the static map of the area (PostGIS outline, resources, needs) with its legend. */
export type DrawMap = (alt: string, map: DiagnosisMap) => void;

/** The map's alternative text: the same as the page's map, naming the area and its counts. */
export const mapAlt = (d: Diagnosis) =>
	m.diag_map_alt({
		name: d.scope.name,
		resources: fmt(d.resources.total),
		needs: fmt(d.needs.total)
	});

const MUTED = { color: '#444444' };

/** The whole diagnosis, section by section, as the page shows it. */
export function writeDiagnosis(
	out: DocumentWriter,
	drawMap: DrawMap,
	d: Diagnosis,
	staff: boolean
): void {
	const title = m.diag_title_scope({ name: d.scope.name });
	out.heading(title, 1);
	out.paragraph(`${kindLabel(d.scope.kind)} · ${m.diag_title()}`, MUTED);
	if (d.scope.kind !== 'village' && d.scope.villages.length > 0)
		out.paragraph(
			m.diag_villages_in({ list: d.scope.villages.map((v) => v.name).join(', ') }),
			MUTED
		);

	out.heading(m.diag_summary_heading(), 2);
	for (const line of summaryLines(d)) out.paragraph(line);
	const compare = comparisonLine(d);
	if (compare) out.paragraph(compare);

	out.heading(m.diag_key_figures(), 2);
	out.table([m.diag_key_figures(), m.diag_col_count()], keyFigures(d), [0.7, 0.3]);

	out.heading(m.diag_sec_map(), 2);
	if (d.map) drawMap(mapAlt(d), d.map);
	else out.paragraph(m.diag_map_none());

	out.heading(m.diag_sec_resources(), 2);
	out.table(
		[m.diag_col_category(), m.diag_col_count()],
		d.resources.by_category.map((r) => [label(r), fmt(r.count)]),
		[0.7, 0.3]
	);

	out.heading(m.diag_sec_needs(), 2);
	if (d.needs.by_category.length === 0) out.paragraph(m.diag_summary_no_needs());
	else
		out.table(
			[m.diag_col_category(), m.diag_col_count(), m.diag_col_supports(), m.diag_col_done()],
			d.needs.by_category.map((n) => [label(n), fmt(n.count), fmt(n.supports), fmt(n.done)]),
			[0.46, 0.18, 0.18, 0.18]
		);
	if (d.needs.by_status.length > 0)
		out.table(
			[m.diag_col_status(), m.diag_col_count()],
			d.needs.by_status.map((s) => [needStatusLabel(s.status), fmt(s.count)]),
			[0.7, 0.3]
		);
	if (d.needs.top.length > 0) {
		out.heading(m.diag_sec_top(), 3);
		out.table(
			[m.diag_col_need(), m.diag_col_status(), m.diag_col_supports()],
			d.needs.top.map((t) => [`${t.ref} ${t.title}`, needStatusLabel(t.status), fmt(t.supports)]),
			[0.6, 0.22, 0.18]
		);
	}

	out.heading(m.diag_sec_coverage(), 2);
	out.paragraph(
		m.diag_coverage_intro({
			reach: formatNumber(d.coverage.reach_m, 0),
			gap: formatNumber(GAP_SHARE * 100)
		})
	);
	out.paragraph(gapRule(d));
	const gaps = new Set(coverageGaps(d).map((g) => g.category));
	out.table(
		[m.diag_col_category(), m.diag_col_covered(), m.diag_col_share()],
		d.coverage.by_category.map((c) => [
			coverageLabel(c, gaps),
			`${fmt(c.covered)}/${fmt(c.address_points)}`,
			formatShare(c.share)
		]),
		[0.5, 0.25, 0.25]
	);
	out.heading(m.diag_sec_hotspots(), 3);
	if (d.hotspots.length === 0) out.paragraph(m.diag_hotspots_none());
	for (const h of d.hotspots)
		out.paragraph(
			m.diag_hotspot_item({ category: label(h), count: fmt(h.count), supports: fmt(h.supports) })
		);

	out.heading(m.diag_sec_activities(), 2);
	out.paragraph(
		`${m.diag_fig_activities_planned()}: ${fmt(d.activities.planned)} · ${m.diag_fig_activities_done()}: ${fmt(d.activities.done)} · ${m.diag_fig_needs_addressed()}: ${fmt(d.activities.needs_addressed)}`
	);
	if (d.activities.items.length === 0) out.paragraph(m.diag_activities_none());
	else
		out.table(
			[m.diag_col_activity(), m.diag_col_status(), m.diag_col_need()],
			d.activities.items.map((a) => [
				a.title + (a.starts_at ? ` (${formatDate(a.starts_at)})` : ''),
				activityStatusLabel(a.status),
				a.needs.length === 0 ? '—' : a.needs.map((n) => `${n.ref} ${n.title}`).join('; ')
			]),
			[0.4, 0.2, 0.4]
		);

	out.heading(m.diag_sec_trend(), 2);
	out.heading(m.diag_trend_months(), 3);
	out.table(
		[m.diag_col_month(), m.diag_col_reported(), m.diag_col_resolved()],
		d.trend.months.map((t) => [t.month, fmt(t.reported), fmt(t.resolved)]),
		[0.4, 0.3, 0.3]
	);
	out.heading(m.diag_trend_quarters(), 3);
	out.table(
		[m.diag_col_quarter(), m.diag_fig_activities_done()],
		d.trend.quarters.map((q) => [q.quarter, fmt(q.done)]),
		[0.5, 0.5]
	);

	const n = d.narrative;
	if (n && (n.status === 'published' || staff) && n.body.trim() !== '') {
		out.heading(m.diag_sec_narrative(), 2);
		out.paragraph(
			n.status === 'published' && n.published_at
				? m.diag_narrative_published({ date: formatDate(n.published_at) })
				: `${m.diag_status_draft()}: ${m.diag_narrative_draft_note()}`
		);
		for (const para of n.body.split(/\n\s*\n/)) out.paragraph(para.trim());
	}
	out.paragraph(m.figures_exact_note());
}
