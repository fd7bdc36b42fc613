import * as v from 'valibot';
import { ABUSE_REASONS } from '../../vocab/abuse-reason.ts';
import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';

/** The reason of a "Zgłoś nadużycie" report, 'other' when none is given. */
export const NeedAbuseSchema = v.object({
	reason: v.optional(v.picklist(ABUSE_REASONS), 'other')
});

/**
 * "Zgłoś nadużycie" on a need by the browser of the signed context `ctx` (JSON text):
 * private.report_abuse checks the context and the device, counts one report per browser, limits
 * reports per device and network, and hides the need only when browsers on two networks reported
 * it within a day (otherwise it flags it for the moderators). Used by the JSON endpoint and by
 * the need page's form.
 */
export const reportNeedAbuse = (tx: Tx, need: string, ctx: string, reason: string) =>
	value<{ reported: boolean; counted: boolean; hidden: boolean; flagged: boolean }>(
		tx,
		'select private.report_abuse($1, null, $2::text::jsonb, $3) as v',
		[need, ctx, reason]
	);
