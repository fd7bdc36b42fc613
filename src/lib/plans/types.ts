// The plan document, as returned by public.plan in supabase/migrations/20261205002300_plans.sql.
// Every figure is live and counts published activities and public needs only, so staff and
// residents read the same numbers; the plan and report parts are null when RLS hides them.

import type { Activity } from '$lib/activities/types';
import type { ScopeKind } from '$lib/diagnosis/types';
import type { ActivityGoal, ProgrammeCategory } from '$lib/vocab/activity-programme';
import type { DiagnosisStatus } from '$lib/vocab/diagnosis-status';

/** The indicators a plan sets targets for, in the order the documents list them. */
export const INDICATORS = [
	'community_animation',
	'community_education',
	'civic_activation',
	'participants',
	'volunteers',
	'partners',
	'needs_done'
] as const;
export type Indicator = (typeof INDICATORS)[number];

export type Targets = Record<Indicator, number | null>;

export interface Achieved {
	year: number;
	/** Activities held. */
	activities: number;
	by_category: Record<ProgrammeCategory, number>;
	/** Activities of the year (any status but cancelled) per category: what is planned. */
	planned_by_category: Record<ProgrammeCategory, number>;
	participants: number;
	volunteers: number;
	partners: number;
	needs_done: number;
}

/** Rows of hand-entered figures a report holds at most (private.valid_manual_figures allows 30). */
export const FIGURE_ROWS = 30;
/** Empty rows the report form offers below the stored ones. */
export const FIGURE_ROWS_SHOWN = 3;

/** A figure the organizer enters by hand in the report (e.g. costs): the data cannot know it. */
export interface ManualFigure {
	label: string;
	value: number;
	unit?: string;
}

export interface PlanDoc {
	scope: { kind: ScopeKind; slug: string; name: string; locality_ids: number[] };
	year: number;
	generated_at: string;
	plan: {
		body: string;
		status: DiagnosisStatus;
		published_at: string | null;
		updated_at: string;
		targets: Targets;
	} | null;
	goals: {
		goal: ActivityGoal;
		note: string;
		needs: { id: string; ref: string; title: string; status: string }[];
	}[];
	activities: Activity[];
	achieved: Achieved;
	previous: Achieved;
	needs_done: { ref: string; title: string; category: string; done_at: string }[];
	report: {
		body: string;
		status: DiagnosisStatus;
		published_at: string | null;
		updated_at: string;
		manual_figures: ManualFigure[];
	} | null;
}

export interface PlanIndexEntry {
	year: number;
	scope: string;
	status: DiagnosisStatus;
	published_at: string | null;
	report_status: DiagnosisStatus | null;
}

/** The achieved value of an indicator in a year. */
export function achievedOf(a: Achieved, indicator: Indicator): number {
	if (
		indicator === 'community_animation' ||
		indicator === 'community_education' ||
		indicator === 'civic_activation'
	)
		return a.by_category[indicator];
	return a[indicator];
}
