import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { normalizeCode } from '$lib/live/types';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { shortLink } from '$lib/server/live/qr';
import {
	closeConsultation,
	consultationByCode,
	consultationHeld,
	consultationPins,
	releaseAnswer
} from '$lib/server/live/queries';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';
import { permittedReadOr404 } from '$lib/server/http/found';

// One session in the panel: links for the projector and residents, the held answers
// with "Pokaż na ekranie" and closing with confirmation. Council reads only.
export const load: PageServerLoad = async (event) => {
	const { user, found } = await permittedReadOr404(
		event,
		'read_panel',
		normalizeCode(event.params.code),
		async (tx, code) => {
			const consultation = await consultationByCode(tx, event.locals.region, code);
			return (
				consultation && {
					consultation,
					held: await consultationHeld(tx, code),
					pins: await consultationPins(tx, code, null)
				}
			);
		},
		m.live_not_found()
	);
	return {
		consultation: found.consultation,
		held: found.held,
		publicAnswers: found.pins.features.length,
		link: shortLink(event, found.consultation.code),
		canEdit: can(user, 'run_consultations')
	};
};

const Release = v.object({ id: v.pipe(v.string(), v.uuid()) });

export const actions = {
	release: async (event) => {
		requirePermission(event, 'run_consultations');
		const code = normalizeCode(event.params.code);
		const parsed = v.safeParse(Release, Object.fromEntries(await event.request.formData()));
		if (!code || !parsed.success) return fail(400, { message: m.live_error_bad_form() });
		try {
			await event.locals.db((tx) => releaseAnswer(tx, code, parsed.output.id));
		} catch (e) {
			const sqlCode = sqlstateOf(e);
			if (
				sqlCode === SQLSTATE.invalidParameterValue ||
				sqlCode === SQLSTATE.insufficientPrivilege ||
				sqlCode === SQLSTATE.unprocessable
			)
				return fail(409, { message: m.live_error_release() });
			throw e;
		}
		return { released: parsed.output.id };
	},
	close: async (event) => {
		requirePermission(event, 'run_consultations');
		const code = normalizeCode(event.params.code);
		const form = await event.request.formData();
		if (!code) return fail(400, { message: m.live_error_bad_form() });
		// The missing tick is the close form's own error, shown beside the tick.
		if (form.get('confirm') !== 'on') return fail(422, { closeError: m.live_error_confirm() });
		try {
			await event.locals.db((tx) => closeConsultation(tx, code));
		} catch (e) {
			const sqlCode = sqlstateOf(e);
			if (sqlCode === SQLSTATE.invalidParameterValue)
				return fail(409, { message: m.live_error_closed_already() });
			throw e;
		}
		return { closed: true };
	}
} satisfies Actions;
