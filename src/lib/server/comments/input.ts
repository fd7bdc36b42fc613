import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { FreeText } from '$lib/text';
import { ABUSE_REASONS } from '../../vocab/abuse-reason.ts';
import { fieldErrors } from '../forms/field-errors.ts';

/** The limits of a comment, the same as the CHECKs of public.need_comments. */
export const COMMENT_BODY_MAX = 1000;
export const COMMENT_NICKNAME_MAX = 60;

/**
 * A resident's comment as the form sends it. The nickname may be left out; the idempotency key
 * comes with the form (rendered by the server), so a form sent twice makes one comment.
 */
export const CommentSchema = v.object({
	nickname: v.optional(
		v.pipe(
			FreeText,
			v.maxLength(COMMENT_NICKNAME_MAX, () =>
				m.comments_nickname_long({ max: COMMENT_NICKNAME_MAX })
			)
		),
		''
	),
	body: v.pipe(
		FreeText,
		v.nonEmpty(() => m.comments_body_missing()),
		v.maxLength(COMMENT_BODY_MAX, () => m.comments_body_long({ max: COMMENT_BODY_MAX }))
	),
	idempotency_key: v.pipe(
		FreeText,
		v.regex(/^[A-Za-z0-9_-]{8,128}$/, () => m.api_key())
	),
	// Honeypot: people never see it, bots fill it in (as on the report form).
	website: v.optional(v.string(), '')
});

export interface NormalizedComment {
	nickname: string | null;
	body: string;
	idempotency_key: string;
	honeypot: boolean;
}

export function parseComment(
	raw: unknown
): { ok: true; comment: NormalizedComment } | { ok: false; fields: Record<string, string> } {
	const result = v.safeParse(CommentSchema, raw);
	if (!result.success) return { ok: false, fields: fieldErrors(result.issues) };
	const c = result.output;
	return {
		ok: true,
		comment: {
			nickname: c.nickname || null,
			body: c.body,
			idempotency_key: c.idempotency_key,
			honeypot: c.website !== ''
		}
	};
}

/** "Zgłoś nadużycie" on a comment: which comment, and why. */
export const CommentAbuseSchema = v.object({
	comment: v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number)),
	reason: v.optional(v.picklist(ABUSE_REASONS), 'other')
});

/** The moderator's official reply: the same length rule as a resident's comment. */
export const ReplySchema = v.object({
	need: v.pipe(v.string(), v.uuid()),
	body: CommentSchema.entries.body
});
