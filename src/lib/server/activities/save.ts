import { fail, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { activityFormValues, parseActivity } from './input.ts';
import { saveActivity } from './queries.ts';
import { SQLSTATE } from '../db/sqlstate.ts';

/**
 * The create/edit form action: validates, saves through
 * public.save_activity as the signed-in user (RLS refuses council and residents), and maps
 * database refusals to form errors. Returns the activity id, or a fail() to return as is.
 */
export async function saveFromForm(event: RequestEvent, id: string | null) {
	const values = activityFormValues(await event.request.formData());
	const parsed = parseActivity(values, event.locals.region);
	if (!parsed.ok) return fail(422, { values, errors: parsed.errors, message: '' });
	try {
		const saved = await event.locals.db((tx) => saveActivity(tx, { ...parsed.payload, id }));
		return { id: saved };
	} catch (e) {
		const { code, message } = e as { code?: string; message?: string };
		if (code === SQLSTATE.insufficientPrivilege)
			return fail(403, { values, errors: {}, message: m.act_err_forbidden() });
		if (code === SQLSTATE.notFound)
			return fail(404, { values, errors: {}, message: m.act_not_found() });
		if (code === SQLSTATE.invalidParameterValue && message === 'unknown_village')
			return fail(422, { values, errors: { locality: m.act_err_village() }, message: '' });
		if (code === SQLSTATE.checkViolation && message === 'not_a_partner')
			return fail(422, { values, errors: { partners: m.act_err_partner() }, message: '' });
		// A venue, partner or need that no longer exists (deleted meanwhile).
		if (code === SQLSTATE.foreignKeyViolation || code === SQLSTATE.invalidTextRepresentation)
			return fail(422, { values, errors: {}, message: m.act_err_stale() });
		throw e;
	}
}
