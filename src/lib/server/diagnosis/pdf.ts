import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { activityStatusLabel } from '$lib/vocab/activity-status';
import { needStatusLabel } from '$lib/vocab/need-status';
import { renderPdf, type PdfWriter } from '../pdf/document.ts';
import {
	cellShade,
	GAP_SHARE,
	gridMax,
	type Diagnosis,
	type DiagnosisMap
} from '$lib/diagnosis/types';
import {
	comparisonLine,
	coverageGaps,
	coverageLabel,
	fmt,
	formatDate,
	gapRule,
	kindLabel,
	label,
	snapshotLine,
	summaryLines,
	keyFigures
} from '$lib/diagnosis/text';
import { formatNumber, formatShare } from '$lib/presentation/format';

// The PDF of a diagnosis, in the request's language (Paraglide getLocale()).
// The same document as the page; the static map draws the same SVG path
// data that PostGIS made (ST_AsSVG) with pdfkit's doc.path.

const RESOURCE_COLOUR = '#1d4ed8';
const NEED_COLOUR = '#b91c1c';
const MAP_MAX_HEIGHT = 260;
const LEGEND_SIZE = 8;

/**
 * The static map with its legend, as one figure: its alternative text (the same as the page's
 * map) names the area and the counts the squares and circles stand for.
 */
function drawMap(pdf: PdfWriter, d: Diagnosis, map: DiagnosisMap) {
	const { doc } = pdf;
	const scale = Math.min(
		pdf.width / Math.max(map.width, 1),
		MAP_MAX_HEIGHT / Math.max(map.height, 1)
	);
	const height = map.height * scale;
	const max = gridMax(map);
	const needKey = map.need_grid
		? `   ■ ${m.hotspots_map_legend_grid({ cell: `${formatNumber(map.need_grid.cell)} m`, max: formatNumber(max) })}`
		: `   ● ${m.diag_map_legend_need()}`;
	const legend = pdf.measure(
		`■ ${m.diag_map_legend_resource()}${needKey}`,
		'regular',
		LEGEND_SIZE,
		pdf.width
	);
	const alt = m.diag_map_alt({
		name: d.scope.name,
		resources: fmt(d.resources.total),
		needs: fmt(d.needs.total)
	});
	pdf.figure(alt, height + 6 + legend, (box) => {
		doc.save();
		doc.translate(box.x + (box.width - map.width * scale) / 2, box.y).scale(scale);
		doc
			.path(map.outline)
			.lineWidth(1.5 / scale)
			.fillColor('#f1f5f9')
			.strokeColor('#334155');
		doc.fillAndStroke();
		const r = 3.5 / scale;
		for (const [x, y] of map.resources) doc.rect(x - r, y - r, 2 * r, 2 * r).fill(RESOURCE_COLOUR);
		for (const [x, y] of map.needs) doc.circle(x, y, r).fill(NEED_COLOUR);
		// Beyond 2,000 needs: one shaded square per grid cell (at most 64 × 64), so the file
		// stays small at any number of needs.
		const half = (map.need_grid?.cell ?? 0) / 2;
		for (const [x, y, k] of map.need_grid?.cells ?? [])
			doc
				.rect(x - half, y - half, 2 * half, 2 * half)
				.fillOpacity(cellShade(k, max))
				.fill(NEED_COLOUR);
		doc.fillOpacity(1);
		doc.restore();
		doc
			.font('regular')
			.fontSize(LEGEND_SIZE)
			.fillColor(RESOURCE_COLOUR)
			.text(`■ ${m.diag_map_legend_resource()}`, box.x, box.y + height + 6, {
				width: box.width,
				continued: true
			});
		doc.fillColor(NEED_COLOUR).text(needKey);
	});
}

const MUTED = { color: '#444444' };

export function diagnosisPdf(d: Diagnosis, staff: boolean): Promise<Buffer<ArrayBuffer>> {
	const title = m.diag_title_scope({ name: d.scope.name });
	return renderPdf({ title, lang: getLocale(), footer: snapshotLine(d) }, (pdf) => {
		pdf.heading(title, 1);
		pdf.paragraph(`${kindLabel(d.scope.kind)} · ${m.diag_title()}`, MUTED);
		if (d.scope.kind !== 'village' && d.scope.villages.length > 0)
			pdf.paragraph(
				m.diag_villages_in({ list: d.scope.villages.map((v) => v.name).join(', ') }),
				MUTED
			);

		pdf.heading(m.diag_summary_heading(), 2);
		for (const line of summaryLines(d)) pdf.paragraph(line);
		const compare = comparisonLine(d);
		if (compare) pdf.paragraph(compare);

		pdf.heading(m.diag_key_figures(), 2);
		pdf.table([m.diag_key_figures(), m.diag_col_count()], keyFigures(d), [0.7, 0.3]);

		pdf.heading(m.diag_sec_map(), 2);
		if (d.map) drawMap(pdf, d, d.map);
		else pdf.paragraph(m.diag_map_none());

		pdf.heading(m.diag_sec_resources(), 2);
		pdf.table(
			[m.diag_col_category(), m.diag_col_count()],
			d.resources.by_category.map((r) => [label(r), fmt(r.count)]),
			[0.7, 0.3]
		);

		pdf.heading(m.diag_sec_needs(), 2);
		if (d.needs.by_category.length === 0) pdf.paragraph(m.diag_summary_no_needs());
		else
			pdf.table(
				[m.diag_col_category(), m.diag_col_count(), m.diag_col_supports(), m.diag_col_done()],
				d.needs.by_category.map((n) => [label(n), fmt(n.count), fmt(n.supports), fmt(n.done)]),
				[0.46, 0.18, 0.18, 0.18]
			);
		if (d.needs.by_status.length > 0)
			pdf.table(
				[m.diag_col_status(), m.diag_col_count()],
				d.needs.by_status.map((s) => [needStatusLabel(s.status), fmt(s.count)]),
				[0.7, 0.3]
			);
		if (d.needs.top.length > 0) {
			pdf.heading(m.diag_sec_top(), 3);
			pdf.table(
				[m.diag_col_need(), m.diag_col_status(), m.diag_col_supports()],
				d.needs.top.map((t) => [`${t.ref} ${t.title}`, needStatusLabel(t.status), fmt(t.supports)]),
				[0.6, 0.22, 0.18]
			);
		}

		pdf.heading(m.diag_sec_coverage(), 2);
		pdf.paragraph(
			m.diag_coverage_intro({
				reach: formatNumber(d.coverage.reach_m, 0),
				gap: formatNumber(GAP_SHARE * 100)
			})
		);
		pdf.paragraph(gapRule(d));
		const gaps = new Set(coverageGaps(d).map((g) => g.category));
		pdf.table(
			[m.diag_col_category(), m.diag_col_covered(), m.diag_col_share()],
			d.coverage.by_category.map((c) => [
				coverageLabel(c, gaps),
				`${fmt(c.covered)}/${fmt(c.address_points)}`,
				formatShare(c.share)
			]),
			[0.5, 0.25, 0.25]
		);
		pdf.heading(m.diag_sec_hotspots(), 3);
		if (d.hotspots.length === 0) pdf.paragraph(m.diag_hotspots_none());
		for (const h of d.hotspots)
			pdf.paragraph(
				m.diag_hotspot_item({ category: label(h), count: fmt(h.count), supports: fmt(h.supports) })
			);

		pdf.heading(m.diag_sec_activities(), 2);
		pdf.paragraph(
			`${m.diag_fig_activities_planned()}: ${fmt(d.activities.planned)} · ${m.diag_fig_activities_done()}: ${fmt(d.activities.done)} · ${m.diag_fig_needs_addressed()}: ${fmt(d.activities.needs_addressed)}`
		);
		if (d.activities.items.length === 0) pdf.paragraph(m.diag_activities_none());
		else
			pdf.table(
				[m.diag_col_activity(), m.diag_col_status(), m.diag_col_need()],
				d.activities.items.map((a) => [
					a.title + (a.starts_at ? ` (${formatDate(a.starts_at)})` : ''),
					activityStatusLabel(a.status),
					a.needs.length === 0 ? '—' : a.needs.map((n) => `${n.ref} ${n.title}`).join('; ')
				]),
				[0.4, 0.2, 0.4]
			);

		pdf.heading(m.diag_sec_trend(), 2);
		pdf.heading(m.diag_trend_months(), 3);
		pdf.table(
			[m.diag_col_month(), m.diag_col_reported(), m.diag_col_resolved()],
			d.trend.months.map((t) => [t.month, fmt(t.reported), fmt(t.resolved)]),
			[0.4, 0.3, 0.3]
		);
		pdf.heading(m.diag_trend_quarters(), 3);
		pdf.table(
			[m.diag_col_quarter(), m.diag_fig_activities_done()],
			d.trend.quarters.map((q) => [q.quarter, fmt(q.done)]),
			[0.5, 0.5]
		);

		const n = d.narrative;
		if (n && (n.status === 'published' || staff) && n.body.trim() !== '') {
			pdf.heading(m.diag_sec_narrative(), 2);
			pdf.paragraph(
				n.status === 'published' && n.published_at
					? m.diag_narrative_published({ date: formatDate(n.published_at) })
					: `${m.diag_status_draft()}: ${m.diag_narrative_draft_note()}`
			);
			for (const para of n.body.split(/\n\s*\n/)) pdf.paragraph(para.trim());
		}
		pdf.paragraph(m.figures_exact_note());
	});
}
