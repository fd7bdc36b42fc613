import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type { CommentMode } from '../../vocab/comment-mode.ts';

// Comments. Every call is a SQL function from supabase/migrations/…_comments.sql, run as the
// request's role: RLS decides what is read (the public: approved comments of public needs) and
// who moderates (editors); these wrappers only type the results.

export interface PublicComment {
	id: number;
	nickname: string | null;
	body: string;
	is_official: boolean;
	created_at: string;
}

export interface QueuedComment extends PublicComment {
	approved: boolean;
	hidden_reason: 'abuse_reports' | 'moderator' | null;
	abuse_reports: number;
	need: { id: string; ref: string; title: string };
}

/** The public need a comment goes to (by its reference), or null when it is not public. */
export async function commentTarget(
	tx: Tx,
	ref: string
): Promise<{ id: string; ref: string; title: string } | null> {
	const rows = await tx.query<{ id: string; ref: string; title: string }>(
		`select n.id::text as id, n.ref, n.title from public.needs n
		 where n.ref = $1 and private.is_public_need(n.status, n.hidden_at)`,
		[ref]
	);
	return rows[0] ?? null;
}

export const needComments = (tx: Tx, ref: string) =>
	value<PublicComment[]>(tx, 'select public.need_comments_json($1) as v', [ref]);

export const commentMode = (tx: Tx, region: string) =>
	value<CommentMode>(tx, 'select public.comment_mode($1) as v', [region]);

export const setCommentMode = (tx: Tx, region: string, mode: CommentMode) =>
	value<CommentMode>(tx, 'select public.set_comment_mode($1, $2) as v', [region, mode]);

export const commentQueue = (tx: Tx, region: string) =>
	value<QueuedComment[]>(tx, 'select public.comment_queue($1) as v', [region]);

export const approveComment = (tx: Tx, id: number) =>
	value<{ id: number }>(tx, 'select public.approve_comment($1) as v', [id]);

export const hideComment = (tx: Tx, id: number) =>
	value<{ id: number }>(tx, 'select public.hide_comment($1) as v', [id]);

export const postOfficialReply = (tx: Tx, need: string, body: string) =>
	value<{ id: number }>(tx, 'select public.post_official_reply($1, $2) as v', [need, body]);
