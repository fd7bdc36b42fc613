import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { can } from '../auth/permissions.ts';
import { cachedAnalysis } from '../cache/analysis.ts';
import type { Diagnosis } from '$lib/diagnosis/types';
import { diagnosis } from './queries.ts';
import { parseScope } from './scope.ts';

/**
 * The diagnosis of the URL slug for this request, with exact figures for everyone: public.diagnosis
 * counts only items that are public one by one (public needs with their supports, published
 * resources and activities), so a "<3" would hide nothing the map does not show (see
 * $lib/suppress). A draft narrative is dropped for the public (RLS hides it already; this is a
 * second guard); staff see it.
 * Unknown slug → 404 with a message in the request's language (Polish by default).
 */
export async function loadDiagnosis(
	event: Pick<RequestEvent, 'locals'>,
	slug: string
): Promise<{ doc: Diagnosis; staff: boolean }> {
	const { locals } = event;
	const scope = parseScope(slug);
	// Kept by data version (per role: RLS shows staff the draft narrative), so repeated views of a
	// diagnosis, its PDF and its exports compute it once per change of the data.
	const found =
		scope &&
		(await locals.db((tx) =>
			cachedAnalysis(
				tx,
				locals.region,
				['diagnosis', slug, locals.claims.role, locals.user?.role ?? null],
				() => diagnosis(tx, locals.region, scope)
			)
		));
	if (!found) error(404, m.diag_not_found({ slug }));
	// Staff see the draft narrative.
	const staff = can(locals.user, 'see_exact_figures');
	const doc = found;
	if (!staff && doc.narrative?.status !== 'published') doc.narrative = null;
	return { doc, staff };
}
