import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { localizeCategoryLabels } from '$lib/server/category-labels';
import {
	MODERATION_LIST_LIMIT,
	moderateNeed,
	moderationError,
	moderationQueue
} from '$lib/server/moderation/queries';
import { NEED_STATUSES } from '$lib/vocab/need-status';

export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const raw = event.url.searchParams.get('status');
	// No filter: the review queue (new reports and hidden needs).
	const status = NEED_STATUSES.find((s) => s === raw) ?? null;
	const needs = await event.locals.db(async (tx) =>
		localizeCategoryLabels(tx, 'need', await moderationQueue(tx, event.locals.region, status))
	);
	// The list stops at MODERATION_LIST_LIMIT rows; the page says so when it is full.
	const capped = needs.length >= MODERATION_LIST_LIMIT ? MODERATION_LIST_LIMIT : null;
	return { needs, status, capped, canEdit: can(user, 'moderate') };
};

const Approve = v.object({ id: v.pipe(v.string(), v.uuid()) });

export const actions = {
	/** Publishing straight from the queue: the commonest decision, one button. */
	approve: async (event) => {
		requirePermission(event, 'moderate');
		const parsed = v.safeParse(Approve, Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { id: null, message: m.mod_error_bad_form() });
		const { id } = parsed.output;
		try {
			await event.locals.db((tx) => moderateNeed(tx, id, 'published', null, true));
		} catch (e) {
			const known = moderationError(e);
			if (!known) throw e;
			return fail(known.status, { id, message: known.message });
		}
		return { approved: id };
	}
} satisfies Actions;
