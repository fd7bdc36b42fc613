import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { pokeMailer } from '$lib/server/mail/mailer';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { COMMENT_MODES } from '$lib/vocab/comment-mode';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { ReplySchema } from '$lib/server/comments/input';
import {
	approveComment,
	commentMode,
	commentQueue,
	hideComment,
	postOfficialReply,
	setCommentMode
} from '$lib/server/comments/queries';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';
import { fieldErrors } from '$lib/server/forms/field-errors';
import { formFields } from '$lib/server/reports/input';

// Comment moderation: staff read the queue (comments waiting for approval, hidden or flagged by
// abuse reports); editors approve, hide, reply officially and choose the region's moderation
// mode. RLS decides again in the database.

export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const { locals } = event;
	const [comments, mode] = await locals.db(
		async (tx) =>
			[await commentQueue(tx, locals.region), await commentMode(tx, locals.region)] as const
	);
	return { comments, mode, canEdit: can(user, 'moderate') };
};

const CommentId = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number)) });
const Mode = v.object({ mode: v.picklist(COMMENT_MODES) });

/**
 * Every failure of this page has one shape (SvelteKit's ActionData keeps one failure type per
 * page): the comment concerned, the message, and for the reply form what was typed and why not.
 */
const failure = (
	status: number,
	message: string,
	id: number | null = null,
	reply: { need: string; body: string; error: string; message: string } | null = null
) => fail(status, { id, message, reply });

/** A refusal of the database as the form's answer: RLS (42501) or a comment that is gone. */
function refused(e: unknown, id: number | null) {
	const code = sqlstateOf(e);
	if (code === SQLSTATE.insufficientPrivilege) return failure(403, m.comments_not_allowed(), id);
	if (code === SQLSTATE.notFound || code === SQLSTATE.foreignKeyViolation) {
		return failure(404, m.comments_need_not_public(), id);
	}
	return null;
}

/** Approve or hide one comment: the same steps, a different SQL function. */
async function decide(
	event: Parameters<Actions[string]>[0],
	write: typeof approveComment,
	done: 'approved' | 'hidden'
) {
	requirePermission(event, 'moderate');
	const parsed = v.safeParse(CommentId, formFields(await event.request.formData()));
	if (!parsed.success) return failure(400, m.mod_error_bad_form());
	const { id } = parsed.output;
	try {
		await event.locals.db((tx) => write(tx, id));
	} catch (e) {
		const known = refused(e, id);
		if (known) return known;
		throw e;
	}
	return { id, done };
}

export const actions = {
	approve: (event) => decide(event, approveComment, 'approved'),
	hide: (event) => decide(event, hideComment, 'hidden'),

	/** The organizer's official reply on a need, public at once. */
	reply: async (event) => {
		requirePermission(event, 'moderate');
		const values = formFields(await event.request.formData());
		// A refused reply comes back beside its own form with what was typed.
		const typed = { need: values.need ?? '', body: values.body ?? '' };
		const parsed = v.safeParse(ReplySchema, values);
		if (!parsed.success) {
			const error = fieldErrors(parsed.issues).body ?? '';
			return failure(422, m.api_invalid(), null, { ...typed, error, message: '' });
		}
		try {
			await event.locals.db((tx) => postOfficialReply(tx, parsed.output.need, parsed.output.body));
			// The reply queued a message to the need's followers (a trigger): send it now.
			pokeMailer();
		} catch (e) {
			const known = refused(e, null);
			if (known) {
				const { message } = known.data;
				return failure(known.status, message, null, { ...typed, error: '', message });
			}
			throw e;
		}
		return { id: null, done: 'replied' as const };
	},

	mode: async (event) => {
		requirePermission(event, 'moderate');
		const parsed = v.safeParse(Mode, formFields(await event.request.formData()));
		if (!parsed.success) return failure(400, m.mod_error_bad_form());
		const { locals } = event;
		try {
			await locals.db((tx) => setCommentMode(tx, locals.region, parsed.output.mode));
		} catch (e) {
			const known = refused(e, null);
			if (known) return known;
			throw e;
		}
		return { id: null, done: 'mode' as const };
	}
} satisfies Actions;
