import * as m from '../../paraglide/messages.js';
import { EMAIL } from '../../report/limits.ts';
import { trimInvisible } from '../../text.ts';
import type { Tx } from '../db/types.ts';
import { formText } from '../forms/text.ts';
import { UNSUBSCRIBE_TOKEN } from './tokens.ts';

/** What a "Obserwuj" or "Powiadomienia z mojej wsi" form sent, checked. */
export function parseSubscribeForm(form: FormData): {
	values: { email: string };
	honeypot: boolean;
	errors: Record<string, string>;
} {
	const email = trimInvisible(formText(form, 'email'));
	const errors: Record<string, string> = {};
	if (!EMAIL.test(email) || email.length > 254) errors.email = m.follow_err_email();
	return { values: { email }, honeypot: formText(form, 'website') !== '', errors };
}

/**
 * Asks to follow a public need (`ref`) or for the digest of a village (`village`, null: the
 * whole gmina) through private.follow_request, which takes the browser's and network's slots
 * (`ctx`, signed by the server) and queues the confirmation. The answer never says whether the
 * address was known.
 */
export const requestSubscription = (
	tx: Tx,
	payload: { email: string; locale: string; ctx: unknown } & (
		{ ref: string } | { region: string; village: string | null }
	)
) => tx.query('select private.follow_request($1::text::jsonb) as v', [JSON.stringify(payload)]);

/**
 * Confirms the subscription of a genuine confirmation link (double opt-in); null for a forged or
 * damaged token. Answers what was confirmed, for the page's message and link.
 */
export async function confirmSubscription(
	tx: Tx,
	token: string
): Promise<{ need_ref: string | null; village: string | null } | null> {
	if (!UNSUBSCRIBE_TOKEN.test(token)) return null;
	const rows = await tx.query<{ need_ref: string | null; village: string | null }>(
		'select need_ref, village from private.follow_confirm($1)',
		[token]
	);
	return rows[0] ?? null;
}

/** A public need by its reference, for the "Obserwuj" page; null when not public (or unknown). */
export async function publicNeedByRef(
	tx: Tx,
	ref: string
): Promise<{ ref: string; title: string } | null> {
	const rows = await tx.query<{ ref: string; title: string }>(
		`select n.ref, n.title from public.needs n
		 where n.ref = $1 and private.is_public_need(n.status, n.hidden_at)`,
		[ref]
	);
	return rows[0] ?? null;
}

/** A need reference as the app writes them (KR-2026-0042): anything else is no need. */
export const NEED_REF = /^[A-Z0-9]{1,10}-\d{4}-\d{4,12}$/;
