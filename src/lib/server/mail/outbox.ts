import type { Locale } from '../../paraglide/runtime.js';
import type { OwnerTx, Tx } from '../db/types.ts';
import type { MailState, QueuedMailState } from '../../vocab/mail-state.ts';
import type { FollowMailKind } from './follow.ts';

export interface ClaimedMail {
	id: string;
	/** 'status' (to the reporter), a follower's message (FollowMailKind) or a reset link. */
	kind: 'status' | FollowMailKind | 'password_reset';
	/** The reporter's need (status messages only). */
	need_id: string | null;
	/** The follower's subscription (the followers' kinds). */
	subscription_id: string | null;
	/** The password reset whose link a 'password_reset' message carries. */
	reset_id: string | null;
	to_email: string;
	locale: Locale;
	need_status: string | null;
	attempts: number;
}

/**
 * Takes up to `limit` due messages and leases them for `leaseSeconds` (state 'sending'), in a
 * short transaction of its own: the SMTP conversation happens outside any transaction, so a slow
 * mail server never holds a lock (nor PGlite's single connection). A message whose lease ran out
 * (the process died mid-send) is due again. SKIP LOCKED lets several app instances share the queue.
 */
export function claimDue(tx: OwnerTx, limit: number, leaseSeconds: number) {
	return tx.query<ClaimedMail>(
		`with due as (
		   select o.id from public.mail_outbox o
		   where o.state in ('pending', 'sending') and o.next_attempt_at <= now()
		   order by o.next_attempt_at, o.id
		   limit $1
		   for update skip locked
		 )
		 update public.mail_outbox o
		 set state = 'sending', next_attempt_at = now() + make_interval(secs => $2)
		 from due where o.id = due.id
		 returning o.id::text as id, o.kind, o.need_id::text as need_id,
		   o.subscription_id::text as subscription_id, o.reset_id::text as reset_id, o.to_email, o.locale, o.need_status, o.attempts`,
		[limit, leaseSeconds]
	);
}

export interface MailContext {
	ref: string;
	title: string;
	/** The contact's address now (null: contact erased or phone only). */
	contact_email: string | null;
	unsubscribed: boolean;
	idempotency_key: string | null;
	token_hash: string | null;
}

/** What the message needs besides the queued row: read as the owner (keys and tokens are private). */
export async function mailContext(tx: OwnerTx, id: string): Promise<MailContext | null> {
	const rows = await tx.query<MailContext>(
		`select n.ref, n.title, c.email as contact_email,
		   exists (select 1 from private.mail_unsubscribes u
		           where u.email_hash = private.email_hash(o.to_email)) as unsubscribed,
		   (select k.key from private.idempotency_keys k where k.need_id = n.id
		    order by k.created_at limit 1) as idempotency_key,
		   (select t.token_hash from private.need_status_tokens t where t.need_id = n.id) as token_hash
		 from public.mail_outbox o
		 join public.needs n on n.id = o.need_id
		 left join public.need_contacts c on c.need_id = o.need_id
		 where o.id = $1::bigint`,
		[id]
	);
	return rows[0] ?? null;
}

/** Stores the hash of a derived status token for a need that has none yet; true when it is the one stored. */
export async function ensureStatusToken(
	tx: OwnerTx,
	needId: string,
	tokenHash: string
): Promise<boolean> {
	await tx.query(
		`insert into private.need_status_tokens (token_hash, need_id) values ($1, $2::uuid)
		 on conflict do nothing`,
		[tokenHash, needId]
	);
	const rows = await tx.query(
		'select 1 from private.need_status_tokens where need_id = $1::uuid and token_hash = $2',
		[needId, tokenHash]
	);
	return rows.length === 1;
}

export interface Outcome {
	state: Exclude<MailState, QueuedMailState> | 'retry';
	/** Delivery attempts made so far, this one included. */
	attempts: number;
	error?: string;
	/** Seconds until the next attempt (state 'retry'). */
	retryIn?: number;
	subject?: string;
	text?: string;
}

/** Records what happened to a claimed message; the rendered text stays readable for admins. */
export function settle(tx: OwnerTx, id: string, o: Outcome) {
	return tx.query(
		`update public.mail_outbox set
		   state = case $2 when 'retry' then 'pending' else $2 end,
		   attempts = $3,
		   last_error = $4,
		   next_attempt_at = case $2 when 'retry' then now() + make_interval(secs => $5)
		                     else next_attempt_at end,
		   sent_at = case $2 when 'sent' then now() else sent_at end,
		   subject = coalesce($6, subject),
		   body_text = coalesce($7, body_text)
		 where id = $1::bigint and state = 'sending'`,
		[
			id,
			o.state,
			o.attempts,
			o.error ? o.error.slice(0, 1000) : null,
			o.retryIn ?? 0,
			o.subject ?? null,
			o.text ?? null
		]
	);
}

export interface OutboxRow {
	id: string;
	created_at: string;
	to_email: string;
	locale: string;
	need_ref: string | null;
	need_status: string | null;
	state: MailState;
	attempts: number;
	next_attempt_at: string;
	last_error: string | null;
	subject: string | null;
	body_text: string | null;
	sent_at: string | null;
}

/** The admin's outbox view (RLS: admins only; others get no rows). */
export function listOutbox(tx: Tx, limit = 200) {
	return tx.query<OutboxRow>(
		`select o.id::text as id, o.created_at, o.to_email, o.locale, n.ref as need_ref,
		   o.need_status, o.state, o.attempts, o.next_attempt_at, o.last_error, o.subject,
		   o.body_text, o.sent_at
		 from public.mail_outbox o
		 left join public.needs n on n.id = o.need_id
		 order by o.created_at desc, o.id desc
		 limit $1`,
		[limit]
	);
}

/** Queues a message again (admin's "send again"); RLS lets only admins touch a row. */
export async function requeue(tx: Tx, id: string): Promise<boolean> {
	const rows = await tx.query(
		`update public.mail_outbox
		 set state = 'pending', attempts = 0, next_attempt_at = now(), last_error = null
		 where id = $1::bigint and state <> 'sending'
		 returning id`,
		[id]
	);
	return rows.length === 1;
}
