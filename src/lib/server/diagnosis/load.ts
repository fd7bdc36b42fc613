import { error, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { STAFF } from '../auth/guard.ts';
import type { Diagnosis } from '$lib/diagnosis/types';
import { diagnosis } from './queries.ts';
import { parseScope } from './scope.ts';
import { suppressDiagnosis } from './suppress.ts';

/** Organizers, council and admins: exact counts and the draft narrative. */
export const isStaff = (locals: App.Locals) =>
	locals.user?.role !== null && locals.user?.role !== undefined && STAFF.includes(locals.user.role);

/**
 * The diagnosis of the URL slug for this request: suppressed for the public, exact for staff;
 * a draft narrative is dropped for the public (RLS hides it already; this is a second guard).
 * Unknown slug → 404 with a message in the request's language (Polish by default).
 */
export async function loadDiagnosis(
	event: Pick<RequestEvent, 'locals'>,
	slug: string
): Promise<{ doc: Diagnosis; staff: boolean }> {
	const { locals } = event;
	const scope = parseScope(slug);
	const found = scope && (await locals.db((tx) => diagnosis(tx, locals.region, scope)));
	if (!found) error(404, m.diag_not_found({ slug }));
	const staff = isStaff(locals);
	const doc = suppressDiagnosis(found, staff);
	if (!staff && doc.narrative?.status !== 'published') doc.narrative = null;
	return { doc, staff };
}
