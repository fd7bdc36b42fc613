import * as m from '../paraglide/messages.js';
import { defineVocab } from './label.ts';

/** States of a message in the outbox (the `mail_outbox.state` CHECK constraint). */
export const [MAIL_STATES, MAIL_STATE_LABELS, mailStateLabel] = defineVocab({
	pending: m.mail_state_pending,
	sending: m.mail_state_sending,
	sent: m.mail_state_sent,
	failed: m.mail_state_failed,
	held: m.mail_state_held,
	cancelled: m.mail_state_cancelled
});
export type MailState = (typeof MAIL_STATES)[number];

/** Waiting or being sent: the worker still has it, so there is nothing to send again. */
export const QUEUED_MAIL_STATES = ['pending', 'sending'] as const satisfies readonly MailState[];
export type QueuedMailState = (typeof QUEUED_MAIL_STATES)[number];
