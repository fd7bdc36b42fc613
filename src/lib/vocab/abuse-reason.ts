import * as m from '../paraglide/messages.js';
import { defineVocab, labelOf } from './label.ts';

/** Why a resident reports a need as abusive, in the form's order (`abuse_reports.reason`). */
export const [ABUSE_REASONS, ABUSE_REASON_LABELS] = defineVocab({
	spam: m.mod_abuse_reason_spam,
	personal_data: m.mod_abuse_reason_personal_data,
	offensive: m.mod_abuse_reason_offensive,
	other: m.mod_abuse_reason_other
});
export type AbuseReason = (typeof ABUSE_REASONS)[number];

/** The reason as the moderator reads it; an unknown code reads as "other". */
export const abuseReasonLabel = (reason: string) =>
	labelOf(ABUSE_REASON_LABELS, Object.hasOwn(ABUSE_REASON_LABELS, reason) ? reason : 'other');
