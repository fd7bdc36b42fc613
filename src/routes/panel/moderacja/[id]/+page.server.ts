import { fail, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { can, requirePermission } from '$lib/server/auth/permissions';
import type { Tx } from '$lib/server/db/types';
import {
	editNeedText,
	mergeNeeds,
	moderateNeed,
	moderationError,
	moderationNeed,
	setNeedHidden,
	setPhotoHidden,
	similarForStaff
} from '$lib/server/moderation/queries';
import { localizeCategoryLabels } from '$lib/server/category-labels';
import { NEXT_NEED_STATUSES } from '$lib/vocab/need-status';
import { Edit, Merge, Reject, StatusChange, Toggle } from './forms';
import { UUID } from '$lib/uuid';
import { fieldErrors } from '$lib/server/forms/field-errors';
import { paramMatching, permittedReadOr404 } from '$lib/server/http/found';

export const load: PageServerLoad = async (event) => {
	const { user, found } = await permittedReadOr404(
		event,
		'read_panel',
		paramMatching(UUID, event.params.id),
		async (tx, id) => {
			const detail = await moderationNeed(tx, id);
			if (!detail) return null;
			const [need] = await localizeCategoryLabels(tx, 'need', [detail.need]);
			return { detail: { ...detail, need }, similar: await similarForStaff(tx, id) };
		},
		m.mod_not_found()
	);
	return {
		...found.detail,
		similar: found.similar,
		next: NEXT_NEED_STATUSES[found.detail.need.status],
		canEdit: can(user, 'moderate')
	};
};

type Form = Record<string, FormDataEntryValue>;

/**
 * One editor action: the guard (council is read-only), valibot on the posted fields, the SQL
 * call under RLS, and the form's values back on any refusal so nothing typed is lost.
 */
async function act<S extends v.GenericSchema<Form>>(
	event: RequestEvent<{ id: string }>,
	action: string,
	schema: S,
	run: (tx: Tx, input: v.InferOutput<S>, id: string) => Promise<unknown>
) {
	requirePermission(event, 'moderate');
	const id = event.params.id;
	const values: Form = Object.fromEntries(await event.request.formData());
	const parsed = v.safeParse(schema, values);
	if (!parsed.success) {
		const errors = fieldErrors(parsed.issues);
		return fail(400, { action, values, errors, message: m.mod_error_bad_form() });
	}
	try {
		await event.locals.db((tx) => run(tx, parsed.output, id));
	} catch (e) {
		const known = moderationError(e);
		if (!known) throw e;
		const none: Record<string, string> = {};
		return fail(known.status, { action, values, errors: none, message: known.message });
	}
	return { action, done: true };
}

export const actions = {
	approve: (event) =>
		act(event, 'approve', v.object({}), (tx, _input, id) =>
			moderateNeed(tx, id, 'published', null, true)
		),
	reject: (event) =>
		act(event, 'reject', Reject, (tx, input, id) =>
			moderateNeed(tx, id, 'rejected', input.reason, true)
		),
	status: (event) =>
		act(event, 'status', StatusChange, (tx, input, id) =>
			moderateNeed(tx, id, input.status, input.note || null, input.note_public === 'on')
		),
	merge: async (event) => {
		let keptRef = '';
		const result = await act(event, 'merge', Merge, async (tx, input, id) => {
			keptRef = (await mergeNeeds(tx, id, input.keep, input.note || null)).kept_ref;
		});
		if (keptRef) return { action: 'merge', done: true, keptRef };
		return result;
	},
	edit: (event) =>
		act(event, 'edit', Edit, (tx, input, id) =>
			editNeedText(tx, id, input.title, input.description)
		),
	hide: (event) =>
		act(event, 'hide', Toggle, (tx, input, id) => setNeedHidden(tx, id, input.on === 'true')),
	photo: (event) =>
		act(event, 'photo', Toggle, (tx, input, id) => setPhotoHidden(tx, id, input.on === 'true'))
} satisfies Actions;
