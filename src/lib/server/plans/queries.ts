import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type { PlanDoc, PlanIndexEntry } from '$lib/plans/types';
import type { DiagnosisStatus } from '$lib/vocab/diagnosis-status';
import type { ScopeRef } from '../diagnosis/scope.ts';

// Plans and reports: every query calls a function of
// supabase/migrations/20261205002300_plans.sql (SECURITY INVOKER, so RLS decides which plan and
// report the caller reads, and refuses writes of anyone but organizers and admins).

export const plan = (tx: Tx, region: string, year: number, scope: ScopeRef) =>
	value<PlanDoc | null>(tx, 'select public.plan($1, $2, $3, $4) as v', [
		region,
		year,
		scope.kind,
		scope.slug
	]);

export const plansIndex = (tx: Tx, region: string) =>
	value<PlanIndexEntry[]>(tx, 'select public.plans_index($1) as v', [region]);

/** What the plan editor saves: the narrative, the targets and the goals with their needs. */
export interface PlanInput {
	body?: string;
	targets?: Record<string, number | null>;
	goals?: { goal: string; note: string; needs: string[] }[];
}

/** Saves a plan (creating it as a draft); `status` publishes ('published') or withdraws ('draft'). */
export const savePlan = (
	tx: Tx,
	region: string,
	year: number,
	scope: string,
	input: PlanInput,
	status: DiagnosisStatus | null
) =>
	value<{ status: DiagnosisStatus }>(
		tx,
		'select public.save_plan($1, $2, $3, $4::text::jsonb, $5) as v',
		[region, year, scope, JSON.stringify(input), status]
	);

export interface ReportInput {
	body?: string;
	manual_figures?: { label: string; value: number; unit?: string }[];
}

/** Saves the yearly report of an existing plan; `status` publishes or withdraws it. */
export const savePlanReport = (
	tx: Tx,
	region: string,
	year: number,
	scope: string,
	input: ReportInput,
	status: DiagnosisStatus | null
) =>
	value<{ status: DiagnosisStatus }>(
		tx,
		'select public.save_plan_report($1, $2, $3, $4::text::jsonb, $5) as v',
		[region, year, scope, JSON.stringify(input), status]
	);
