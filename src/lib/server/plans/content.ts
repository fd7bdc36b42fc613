import * as m from '$lib/paraglide/messages';
import type { Diagnosis } from '$lib/diagnosis/types';
import { coverageGaps, keyFigures, kindLabel, label, percent } from '$lib/diagnosis/text';
import type { PlanDoc } from '$lib/plans/types';
import {
	activityHeader,
	activityRow,
	comparisonSentence,
	goalNeeds,
	groupActivities,
	heldTables,
	manualValue,
	needsDoneShown,
	paragraphs,
	partnersInvolved,
	planIndicatorHeader,
	planIndicatorTable,
	planTitle,
	reportIndicatorHeader,
	reportIndicatorTable,
	reportTitle,
	stateLine
} from '$lib/plans/text';
import { activityGoalLabel } from '$lib/vocab/activity-programme';
import { formatDate } from '$lib/diagnosis/text';
import type { DocumentWriter } from '../documents/writer.ts';

// The plan and its yearly report as documents, written once for every format: the PDF and the
// Word file (documents.ts) each give a DocumentWriter for the same blocks, as the diagnosis does.

const MUTED = { color: '#444444' };

/** The diagnosis the plan rests on: its key figures and coverage gaps, and where to read it. */
function writeDiagnosisBasis(out: DocumentWriter, d: PlanDoc, diag: Diagnosis, origin: string) {
	out.heading(m.plans_sec_diagnosis(), 2);
	out.paragraph(m.plans_diagnosis_intro({ path: `${origin}/diagnoza/${d.scope.slug}` }));
	out.table([m.diag_key_figures(), m.diag_col_count()], keyFigures(diag), [0.7, 0.3]);
	const gaps = coverageGaps(diag).slice(0, 5);
	out.heading(m.plans_gaps_heading(), 3);
	if (gaps.length === 0) out.paragraph(m.plans_gaps_none());
	else
		out.table(
			[m.diag_col_category(), m.diag_col_share()],
			gaps.map((g) => [label(g), `${percent(g.share)}%`]),
			[0.7, 0.3]
		);
}

/** The plan, section by section, as its page shows it; `origin` makes its links absolute. */
export function writePlan(out: DocumentWriter, d: PlanDoc, diag: Diagnosis, origin: string): void {
	out.heading(planTitle(d), 1);
	out.paragraph(`${kindLabel(d.scope.kind)} · ${m.plans_title()}`, MUTED);
	out.paragraph(stateLine(d.plan), MUTED);

	writeDiagnosisBasis(out, d, diag, origin);

	const body = paragraphs(d.plan?.body ?? '');
	if (body.length > 0) {
		out.heading(m.plans_sec_narrative(), 2);
		for (const p of body) out.paragraph(p);
	}

	out.heading(m.plans_sec_goals(), 2);
	if (d.goals.length === 0) out.paragraph(m.plans_goals_none());
	else
		out.table(
			[m.plans_col_goal(), m.plans_col_note(), m.plans_col_needs()],
			d.goals.map((g) => [activityGoalLabel(g.goal), g.note || '—', goalNeeds(g)]),
			[0.25, 0.4, 0.35]
		);

	out.heading(m.plans_sec_activities(), 2);
	if (d.activities.length === 0) out.paragraph(m.plans_activities_none());
	for (const group of groupActivities(d.activities)) {
		if (group.kinds.length === 0) continue;
		out.heading(group.label, 3);
		out.table(
			[m.plans_col_kind(), ...activityHeader()],
			group.kinds.flatMap((k) => k.activities.map((a) => [k.label, ...activityRow(a)])),
			[0.13, 0.2, 0.13, 0.17, 0.17, 0.2]
		);
	}

	out.heading(m.plans_sec_indicators(), 2);
	out.table(planIndicatorHeader(), planIndicatorTable(d), [0.6, 0.2, 0.2]);
	out.paragraph(m.plans_live_note(), MUTED);
}

/** The yearly report: what was done against the plan; `origin` makes its links absolute. */
export function writeReport(out: DocumentWriter, d: PlanDoc, origin: string): void {
	out.heading(reportTitle(d), 1);
	out.paragraph(`${kindLabel(d.scope.kind)} · ${m.plans_report_title()}`, MUTED);
	out.paragraph(stateLine(d.report), MUTED);
	out.paragraph(
		m.plans_report_plan_link({ path: `${origin}/plany/${d.year}/${d.scope.slug}` }),
		MUTED
	);

	out.heading(m.plans_sec_summary(), 2);
	out.paragraph(comparisonSentence(d));

	out.heading(m.plans_sec_indicators(), 2);
	out.table(reportIndicatorHeader(d), reportIndicatorTable(d), [0.4, 0.15, 0.15, 0.15, 0.15]);

	const t = heldTables(d);
	out.heading(m.plans_sec_held(), 2);
	if (t.held.length === 0) out.paragraph(m.plans_held_none());
	else {
		for (const tally of t.tallies) {
			out.heading(tally.heading, 3);
			out.table(tally.header, tally.rows, [0.4, 0.2, 0.2, 0.2]);
		}
		out.heading(m.plans_held_list(), 3);
		out.table(t.listHeader, t.listRows, [0.36, 0.18, 0.18, 0.14, 0.14]);
	}

	out.heading(m.plans_sec_partners(), 2);
	const partners = partnersInvolved(d);
	if (partners.length === 0) out.paragraph(m.plans_partners_none());
	else out.table([m.plans_col_partner(), m.plans_col_activities()], partners, [0.7, 0.3]);

	out.heading(m.plans_sec_needs_done(), 2);
	if (d.needs_done.length === 0) out.paragraph(m.plans_needs_done_none());
	else {
		const shown = needsDoneShown(d);
		if (shown) out.paragraph(shown);
		out.table(
			[m.plans_col_need(), m.plans_col_done_at()],
			d.needs_done.map((n) => [`${n.ref} ${n.title}`, formatDate(n.done_at)]),
			[0.7, 0.3]
		);
	}

	const manual = d.report?.manual_figures ?? [];
	if (manual.length > 0) {
		out.heading(m.plans_sec_manual(), 2);
		out.paragraph(m.plans_manual_note());
		out.table(
			[m.plans_col_figure(), m.plans_col_value()],
			manual.map((f) => [`${f.label} ${m.plans_manual_mark()}`, manualValue(f)]),
			[0.7, 0.3]
		);
	}

	const body = paragraphs(d.report?.body ?? '');
	if (body.length > 0) {
		out.heading(m.plans_sec_report_narrative(), 2);
		for (const p of body) out.paragraph(p);
	}
	out.paragraph(m.plans_live_note(), MUTED);
}
