import * as m from '../../paraglide/messages.js';
import type { Locale } from '../../paraglide/runtime.js';
import { needStatusExplanation, needStatusLabel } from '../../vocab/need-status.ts';
import type { OwnerTx } from '../db/types.ts';
import { layoutMail, type MailParagraph, type RenderedMail } from './render.ts';

/** The kinds of messages to followers and digest subscribers (public.mail_outbox.kind). */
export type FollowMailKind = 'follow_confirm' | 'follow_status' | 'follow_reply' | 'digest';

export interface DigestItem {
	title: string;
	/** A need's reference, or null for an activity. */
	ref: string | null;
	/** The app path of its public page. */
	path: `/${string}`;
}

/** What a follower's message is about, read as the owner from the subscription. */
export interface FollowContext {
	email: string;
	confirmed: boolean;
	/** Unsubscribed from this topic since the message was queued. */
	suppressed: boolean;
	need_ref: string | null;
	need_title: string | null;
	/** The village of a village digest; null for a need or the whole gmina. */
	village: string | null;
	/** A digest's entries (payload of the outbox row). */
	items: DigestItem[] | null;
}

export async function followContext(tx: OwnerTx, id: string): Promise<FollowContext | null> {
	const rows = await tx.query<FollowContext>(
		`select s.email, s.confirmed_at is not null as confirmed,
		   exists (select 1 from private.follow_unsubscribes u where u.email_hash = s.email_hash
		           and u.topic = private.follow_topic(s.region_id, s.need_id, s.locality_id)) as suppressed,
		   n.ref as need_ref, n.title as need_title, l.name as village,
		   o.payload -> 'items' as items
		 from public.mail_outbox o
		 join private.follow_subscriptions s on s.id = o.subscription_id
		 left join public.needs n on n.id = s.need_id
		 left join public.localities l on l.id = s.locality_id
		 where o.id = $1::bigint`,
		[id]
	);
	return rows[0] ?? null;
}

export interface FollowMailInput {
	kind: FollowMailKind;
	locale: Locale;
	context: FollowContext;
	/** The status a follow_status message announces. */
	status: string | null;
	/** The confirmation link (follow_confirm) or the need's public page (follow_status/reply). */
	url: string;
	/** Absolute URL of an app path, in the reader's language (digest entries). */
	page: (path: `/${string}`) => string;
	unsubscribeUrl: string;
}

/** A follower's or digest subscriber's message in their language. */
export function renderFollowMail(input: FollowMailInput): RenderedMail {
	const locale = { locale: input.locale };
	const c = input.context;
	const ref = c.need_ref ?? '';
	const title = c.need_title ?? '';
	const topic = c.need_ref
		? m.follow_mail_topic_need({ ref, title }, locale)
		: c.village
			? m.follow_mail_topic_village({ village: c.village }, locale)
			: m.follow_mail_topic_gmina({}, locale);
	let subject: string;
	let paragraphs: MailParagraph[];
	switch (input.kind) {
		case 'follow_confirm':
			subject = m.follow_mail_confirm_subject({ topic }, locale);
			paragraphs = [
				{
					lines: [
						c.need_ref
							? m.follow_mail_confirm_need({ topic }, locale)
							: m.follow_mail_confirm_digest({ topic }, locale),
						m.follow_mail_confirm_action({}, locale)
					],
					url: input.url
				},
				{ lines: [m.follow_mail_confirm_ignore({}, locale)] }
			];
			break;
		case 'follow_status': {
			const status = needStatusLabel(input.status ?? '', input.locale);
			subject = m.mail_subject({ ref, status }, locale);
			paragraphs = [
				{
					lines: [
						m.follow_mail_status({ ref, title, status }, locale),
						needStatusExplanation(input.status ?? '', input.locale)
					]
				},
				{ lines: [m.follow_mail_page({}, locale)], url: input.url }
			];
			break;
		}
		case 'follow_reply':
			subject = m.follow_mail_reply_subject({ ref }, locale);
			paragraphs = [
				{ lines: [m.follow_mail_reply({ ref, title }, locale)] },
				{ lines: [m.follow_mail_page({}, locale)], url: input.url }
			];
			break;
		case 'digest': {
			const items = c.items ?? [];
			subject = m.follow_mail_digest_subject({ topic }, locale);
			paragraphs = [
				{ lines: [m.follow_mail_digest_intro({ topic }, locale)] },
				...items.map((item) => ({
					lines: [item.ref ? `${item.ref}: ${item.title}` : item.title],
					url: input.page(item.path)
				}))
			];
			break;
		}
	}
	return layoutMail({
		locale: input.locale,
		subject,
		paragraphs,
		reason: m.follow_mail_reason({}, locale),
		unsubscribeUrl: input.unsubscribeUrl
	});
}
