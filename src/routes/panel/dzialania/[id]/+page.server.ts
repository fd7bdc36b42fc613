import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import type { ActivityFormValues } from '$lib/activities/types';
import { can, requirePermission } from '$lib/server/auth/permissions';
import {
	cancelActivity,
	completeActivity,
	formOptions,
	panelActivity,
	removeVolunteer
} from '$lib/server/activities/queries';
import { saveFromForm } from '$lib/server/activities/save';
import { paramMatching, permittedReadOr404 } from '$lib/server/http/found';
import { freeText } from '$lib/text';
import { isUuid, UUID_ANY_CASE } from '$lib/uuid';
import { formText } from '$lib/server/forms/text';

// One activity in the panel: edit with linked needs, outcome, volunteers and
// cancellation. Council reads; organizers and admins write (checked here and by RLS).
export const load: PageServerLoad = async (event) => {
	const { user, found: data } = await permittedReadOr404(
		event,
		'read_panel',
		paramMatching(UUID_ANY_CASE, event.params.id),
		async (tx, id) => {
			const activity = await panelActivity(tx, id);
			return activity && { activity, options: await formOptions(tx, event.locals.region, id) };
		},
		m.act_not_found()
	);
	const a = data.activity;
	const values: ActivityFormValues = {
		title: a.title,
		description: a.description,
		kind: a.kind,
		programme_category: a.programme_category,
		goals: a.goals,
		date: a.date ?? '',
		start_time: a.start_time ?? '',
		end_time: a.end_time ?? '',
		locality: a.locality?.slug ?? '',
		localities: a.localities.map((l) => l.slug),
		venue_id: a.venue?.id ?? '',
		partners: a.partners.map((p) => p.id),
		needs: a.needs.map((n) => n.id),
		status: a.status,
		published: a.published
	};
	return {
		activity: a,
		options: data.options,
		values,
		canEdit: can(user, 'edit_activities'),
		saved: event.url.searchParams.has('zapisano')
	};
};

export const actions = {
	save: async (event) => {
		requirePermission(event, 'edit_activities');
		if (!isUuid(event.params.id)) error(404, m.act_not_found());
		const result = await saveFromForm(event, event.params.id);
		if (!('id' in result)) return result;
		redirect(303, route(`/panel/dzialania/${result.id}?zapisano=1`));
	},
	outcome: async (event) => {
		requirePermission(event, 'edit_activities');
		const { params, locals, request } = event;
		if (!isUuid(params.id)) error(404, m.act_not_found());
		const form = await request.formData();
		const raw = formText(form, 'participants').trim();
		const rawVolunteers = formText(form, 'volunteers').trim();
		const notes = freeText(form.get('notes'));
		const closeNeeds = form.get('close_needs') === 'on';
		const outcomeValues = {
			participants: raw,
			volunteers: rawVolunteers,
			notes: notes ?? '',
			close_needs: closeNeeds
		};
		// A head count: empty (not counted) or a whole number 0–100,000.
		const count = (text: string) => (text === '' ? null : Number(text));
		const badCount = (n: number | null) =>
			n !== null && (!Number.isInteger(n) || n < 0 || n > 100000);
		const participants = count(raw);
		const volunteers = count(rawVolunteers);
		const errors: Record<string, string> = {};
		if (badCount(participants)) errors.participants = m.act_err_participants();
		if (badCount(volunteers)) errors.volunteers = m.plans_err_volunteers();
		if (notes === null) errors.notes = m.auth_text_nul();
		else if (notes.length > 4000) errors.notes = m.act_err_description_long({ max: 4000 });
		if (Object.keys(errors).length > 0) return fail(422, { outcomeValues, outcomeErrors: errors });
		const closed = await locals.db((tx) =>
			completeActivity(tx, params.id, { participants, volunteers, notes: notes ?? '', closeNeeds })
		);
		return { outcomeSaved: true, closed };
	},
	cancel: async (event) => {
		requirePermission(event, 'edit_activities');
		const { params, locals, request } = event;
		if (!isUuid(params.id)) error(404, m.act_not_found());
		const form = await request.formData();
		// Destructive: the confirmation checkbox is required, with or without JavaScript.
		if (form.get('confirm') !== 'on')
			return fail(422, { cancelError: m.act_cancel_confirm_missing() });
		await locals.db((tx) => cancelActivity(tx, params.id));
		return { cancelled: true };
	},
	// A volunteer asked to be removed (RODO): confirmed like every destructive action.
	removeVolunteer: async (event) => {
		requirePermission(event, 'edit_activities');
		const { params, locals, request } = event;
		if (!isUuid(params.id)) error(404, m.act_not_found());
		const form = await request.formData();
		const id = Number(form.get('volunteer'));
		if (!Number.isSafeInteger(id) || id <= 0) error(400, m.act_not_found());
		if (form.get('confirm') !== 'on')
			return fail(422, { removeError: m.act_remove_confirm_missing(), removeId: id });
		await locals.db((tx) => removeVolunteer(tx, params.id, id));
		return { volunteerRemoved: true };
	}
} satisfies Actions;
