import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { toLocalInput } from '$lib/live/time';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { parseSession, sessionValues } from '$lib/server/live/form';
import { consultationList, createConsultation } from '$lib/server/live/queries';
import { planningChoices } from '$lib/server/planning/queries';
import { categories } from '$lib/server/region/queries';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';

// Live consultations in the panel: staff read, editors open sessions.
export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const { locals } = event;
	const { sessions, choices, needCategories } = await locals.db(async (tx) => ({
		sessions: await consultationList(tx, locals.region),
		choices: await planningChoices(tx, locals.region),
		needCategories: (await categories(tx)).need
	}));
	const now = Date.now();
	return {
		sessions,
		choices,
		needCategories,
		canEdit: can(user, 'run_consultations'),
		defaults: {
			starts_at: toLocalInput(new Date(now)),
			ends_at: toLocalInput(new Date(now + 2 * 3600_000))
		}
	};
};

export const actions = {
	create: async (event) => {
		requirePermission(event, 'run_consultations');
		const values = sessionValues(await event.request.formData());
		const parsed = parseSession(values);
		if (!parsed.ok) return fail(422, { values, errors: parsed.errors });
		let code: string;
		try {
			({ code } = await event.locals.db((tx) =>
				createConsultation(tx, {
					region: event.locals.region,
					question: parsed.question,
					locality: parsed.locality,
					solectwo: parsed.solectwo,
					starts_at: values.starts_at,
					ends_at: values.ends_at,
					hold: values.hold,
					category: values.category,
					choices: values.choices
				})
			));
		} catch (e) {
			const sqlCode = sqlstateOf(e);
			if (sqlCode === SQLSTATE.unprocessable)
				return fail(422, {
					values,
					errors:
						(e as { message?: string }).message === 'unknown_category'
							? { category: m.kconsult_error_panel_category() }
							: { area: m.live_error_area() }
				});
			if (
				sqlCode === SQLSTATE.checkViolation ||
				sqlCode === SQLSTATE.invalidDatetimeFormat ||
				sqlCode === SQLSTATE.datetimeFieldOverflow
			)
				return fail(422, { values, errors: { form: m.live_error_time() } });
			throw e;
		}
		redirect(303, route(`/panel/konsultacje/${code}`));
	}
} satisfies Actions;
