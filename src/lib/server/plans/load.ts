import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import type { Diagnosis } from '$lib/diagnosis/types';
import type { PlanDoc } from '$lib/plans/types';
import { can } from '../auth/permissions.ts';
import { loadDiagnosis } from '../diagnosis/load.ts';
import { parseScope, type ScopeRef } from '../diagnosis/scope.ts';
import { plan } from './queries.ts';

// The plan of /plany/<rok>/<obszar> for this request. The scope is the diagnosis's (the gmina,
// 'solectwo-<slug>' or a village slug, private.diagnosis_scope); the year four digits.

/** The year of the URL, or null when it cannot be a plan's year. */
export function parseYear(value: string): number | null {
	if (!/^\d{4}$/.test(value)) return null;
	const year = Number(value);
	return year >= 2000 && year <= 2100 ? year : null;
}

/** The year and scope of the URL; 404 when either cannot be one. */
export function parsePlanParams(rok: string, obszar: string): { year: number; scope: ScopeRef } {
	const year = parseYear(rok);
	const scope = parseScope(obszar);
	if (year === null || !scope) error(404, m.plans_not_found());
	return { year, scope };
}

/**
 * The plan or its report. 404 when the scope is unknown, or when the caller may read no plan
 * there (the public: no published plan; RLS hides drafts) or, for `part` 'report', no report.
 * Staff read drafts, marked as such.
 */
export async function loadPlan(
	event: Pick<RequestEvent, 'locals'>,
	rok: string,
	obszar: string,
	part: 'plan' | 'report'
): Promise<{ doc: PlanDoc; staff: boolean }> {
	const { locals } = event;
	const { year, scope } = parsePlanParams(rok, obszar);
	const doc = await locals.db((tx) => plan(tx, locals.region, year, scope));
	if (!doc || !doc.plan || (part === 'report' && !doc.report)) error(404, m.plans_not_found());
	return { doc, staff: can(locals.user, 'see_exact_figures') };
}

/** The plan with the diagnosis it rests on (cached per data version, see loadDiagnosis). */
export async function loadPlanWithDiagnosis(
	event: Pick<RequestEvent, 'locals'>,
	rok: string,
	obszar: string
): Promise<{ doc: PlanDoc; diagnosis: Diagnosis; staff: boolean }> {
	const { doc, staff } = await loadPlan(event, rok, obszar, 'plan');
	const { doc: diagnosis } = await loadDiagnosis(event, obszar);
	return { doc, diagnosis, staff };
}
