import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { normalizeCode } from '$lib/live/types';
import { answerAction } from '$lib/server/live/answer';
import { consultationByCode } from '$lib/server/live/queries';
import { reportFormData, reportFormQueries } from '$lib/server/reports/form-load';

// A resident's answer to a live consultation: one short screen (the question, a place, an
// optional short text), stored as a report tagged with the session (see answerAction).

export const load: PageServerLoad = async ({ locals, params }) => {
	const code = normalizeCode(params.code);
	if (!code) error(404, m.live_not_found());
	const data = await locals.db(async (tx) => ({
		consultation: await consultationByCode(tx, locals.region, code),
		form: await reportFormQueries(tx, locals.region)
	}));
	if (!data.consultation) error(404, m.live_not_found());
	return { consultation: data.consultation, ...reportFormData(data.form) };
};

export const actions = {
	default: (event) => {
		const code = normalizeCode(event.params.code);
		if (!code) error(404, m.live_not_found());
		return answerAction(event, code);
	}
} satisfies Actions;
