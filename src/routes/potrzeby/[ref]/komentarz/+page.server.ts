import { error } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { commentAbuseAction, commentFormAction } from '$lib/server/comments/action';
import { commentMode, commentTarget } from '$lib/server/comments/queries';

// The comment form of a need on its own page: where the form of /potrzeby/<ref> posts, and what a
// resident without JavaScript sees after a failed submit (with everything typed kept). A
// successful comment or abuse report redirects back to the need page.

export const load: PageServerLoad = async ({ locals, params }) => {
	const found = await locals.db(async (tx) => ({
		need: await commentTarget(tx, params.ref),
		mode: await commentMode(tx, locals.region)
	}));
	if (!found.need) error(404, m.comments_need_not_public());
	return { need: found.need, mode: found.mode, idempotencyKey: randomUUID() };
};

export const actions = {
	default: commentFormAction,
	zglos: commentAbuseAction
} satisfies Actions;
