import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { SQLSTATE, retryAfterOf, sqlstateOf } from '../db/sqlstate.ts';
import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import { formFields } from '../reports/input.ts';
import { sha256 } from '../reports/tokens.ts';
import { requestContext } from '../guard/context.ts';
import { refusedAsUntrusted } from '../guard/refused.ts';
import { CommentAbuseSchema, parseComment, type NormalizedComment } from './input.ts';
import type { CommentMode } from '../../vocab/comment-mode.ts';
import { commentMode, needComments, type PublicComment } from './queries.ts';

/** What the need page hands to NeedComments: the approved comments and a fresh form key. */
export interface CommentsData {
	ref: string;
	comments: PublicComment[];
	mode: CommentMode;
	/** Without JavaScript the form still needs a key, so a resent form is not a second comment. */
	idempotencyKey: string;
}

/** The comments part of a need page's load (the need page calls it inside its locals.db). */
export async function commentsData(tx: Tx, region: string, ref: string): Promise<CommentsData> {
	return {
		ref,
		comments: await needComments(tx, ref),
		mode: await commentMode(tx, region),
		idempotencyKey: randomUUID()
	};
}

/** The notice the need page shows after a redirect from the comment route (`?komentarz=`). */
export const COMMENT_NOTICES = ['oczekuje', 'widoczny', 'zgloszony'] as const;
export type CommentNotice = (typeof COMMENT_NOTICES)[number];

const needPage = (ref: string, notice: CommentNotice) =>
	route(`/potrzeby/${encodeURIComponent(ref)}?komentarz=${notice}#komentarze`);

/** A failed guarded write as the form's answer: the database's refusals in the resident's words. */
function refusal(e: unknown, where: string) {
	const code = sqlstateOf(e);
	if (code === SQLSTATE.notFound) error(404, m.comments_need_not_public());
	if (code === SQLSTATE.conflict) return { status: 409, message: m.api_key_reused() };
	if (code === SQLSTATE.rateLimited) {
		return {
			status: 429,
			message: m.comments_rate_limited({ minutes: Math.ceil(retryAfterOf(e) / 60) })
		};
	}
	if (refusedAsUntrusted(e, where)) return { status: 503, message: m.guard_unavailable() };
	if (code === SQLSTATE.checkViolation) return { status: 422, message: m.api_invalid() };
	return null;
}

const requestHash = (ref: string, c: NormalizedComment) =>
	sha256(JSON.stringify({ ref, nickname: c.nickname, body: c.body }));

/**
 * The comment form's action (POST /potrzeby/<ref>/komentarz): valibot checks, the honeypot, then
 * private.submit_comment with the signed request context (rate limits per browser and network,
 * the idempotency key), exactly as a report. On failure everything typed comes back with fail();
 * on success a 303 back to the need page, saying whether the comment waits for approval.
 */
export async function commentFormAction(event: RequestEvent & { params: { ref: string } }) {
	const ref = event.params.ref;
	const values = formFields(await event.request.formData());
	const { website: _honeypot, ...shown } = values;
	void _honeypot;
	const parsed = parseComment(values);
	if (!parsed.ok) {
		return fail(422, { values: shown, errors: parsed.fields, message: m.api_invalid() });
	}
	const comment = parsed.comment;
	if (comment.honeypot) {
		return fail(400, { values: shown, errors: {}, message: m.comments_honeypot() });
	}
	const ctx = await requestContext(event, 'issue');
	let visible: boolean;
	try {
		({ visible } = await event.locals.db((tx) =>
			value<{ id: number; visible: boolean }>(
				tx,
				'select private.submit_comment($1::text::jsonb) as v',
				[
					JSON.stringify({
						ref,
						nickname: comment.nickname,
						body: comment.body,
						idempotency_key: comment.idempotency_key,
						request_hash: requestHash(ref, comment),
						ctx
					})
				]
			)
		));
	} catch (e) {
		const known = refusal(e, 'private.submit_comment');
		if (!known) throw e;
		return fail(known.status, { values: shown, errors: {}, message: known.message });
	}
	redirect(303, needPage(ref, visible ? 'widoczny' : 'oczekuje'));
}

/**
 * "Zgłoś nadużycie" on a comment (POST /potrzeby/<ref>/komentarz?/zglos): the rules of needs,
 * in the database (one report per browser, limits per browser and network, hidden only on
 * reports from two networks). Needs the device cookie a page of the app issued.
 */
export async function commentAbuseAction(event: RequestEvent & { params: { ref: string } }) {
	const parsed = v.safeParse(CommentAbuseSchema, formFields(await event.request.formData()));
	if (!parsed.success) return fail(400, { abuse: true, message: m.mod_abuse_bad_reason() });
	const ctx = await requestContext(event, 'require');
	if (ctx.d === null) return fail(403, { abuse: true, message: m.votes_reload() });
	try {
		await event.locals.db((tx) =>
			value(tx, 'select private.report_abuse(null, $1, $2::text::jsonb, $3) as v', [
				parsed.output.comment,
				JSON.stringify(ctx),
				parsed.output.reason
			])
		);
	} catch (e) {
		if (sqlstateOf(e) === SQLSTATE.notFound) {
			return fail(404, { abuse: true, message: m.comments_abuse_not_public() });
		}
		const known = refusal(e, 'private.report_abuse');
		if (!known) throw e;
		return fail(known.status, { abuse: true, message: known.message });
	}
	redirect(303, needPage(event.params.ref, 'zgloszony'));
}
