import * as m from '../paraglide/messages.js';
import type { Locale } from '../paraglide/runtime.js';
import { defineVocab, labelOf, type Label } from './label.ts';

/**
 * The statuses of a need (a resident's report), in workflow order: the values the `needs.status`
 * CHECK constraint allows (tests/db/vocabularies.spec.ts compares the two), each with the name
 * residents read (map, lists, mail, exports).
 */
export const [NEED_STATUSES, NEED_STATUS_LABELS] = defineVocab({
	new: m.status_nowe,
	published: m.status_opublikowane,
	in_analysis: m.status_w_analizie,
	planned: m.status_zaplanowane,
	in_progress: m.status_w_realizacji,
	done: m.status_zrealizowane,
	rejected: m.status_odrzucone,
	merged: m.status_polaczone
});
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Statuses in which a need is public: published and every later step (private.is_public_need_status). */
export const PUBLIC_NEED_STATUSES = [
	'published',
	'in_analysis',
	'planned',
	'in_progress',
	'done'
] as const satisfies readonly NeedStatus[];

/** Statuses the moderator's status form sets; rejecting and merging are actions of their own. */
export const SETTABLE_NEED_STATUSES = [
	'new',
	...PUBLIC_NEED_STATUSES
] as const satisfies readonly NeedStatus[];
export type SettableNeedStatus = (typeof SETTABLE_NEED_STATUSES)[number];

/**
 * Rejected or merged into another need: set aside, so neither hidden nor merged again, and left
 * out of the planning counts and the similar-need search.
 */
export const SET_ASIDE_NEED_STATUSES = [
	'rejected',
	'merged'
] as const satisfies readonly NeedStatus[];

/**
 * The statuses a need may move to next through the status and reject forms: forward steps may
 * skip, rejection until work starts, a rejection may be reopened. The database also allows
 * 'merged' from every open status, reached only through the merge action
 * (private.need_transition_allowed; compared in tests/db/vocabularies.spec.ts).
 */
export const NEXT_NEED_STATUSES: Readonly<Record<NeedStatus, readonly NeedStatus[]>> = {
	new: ['published', 'rejected'],
	published: ['in_analysis', 'planned', 'in_progress', 'done', 'rejected'],
	in_analysis: ['planned', 'in_progress', 'done', 'rejected'],
	planned: ['in_progress', 'done', 'rejected'],
	in_progress: ['done'],
	done: [],
	rejected: ['new'],
	merged: []
};

/** What each status means for the reporter: the status page and the status-change mail. */
export const NEED_STATUS_EXPLANATIONS: Readonly<Record<NeedStatus, Label>> = {
	new: m.status_explain_nowe,
	published: m.status_explain_opublikowane,
	in_analysis: m.status_explain_w_analizie,
	planned: m.status_explain_zaplanowane,
	in_progress: m.status_explain_w_realizacji,
	done: m.status_explain_zrealizowane,
	rejected: m.status_explain_odrzucone,
	merged: m.status_explain_polaczone
};

/** Lower-case wording inside the staff planning tables, which say a new need is not moderated. */
export const NEED_STATUS_PLANNING_LABELS: Readonly<Record<SettableNeedStatus, Label>> = {
	new: m.plan_status_nowe,
	published: m.plan_status_opublikowane,
	in_analysis: m.plan_status_w_analizie,
	planned: m.plan_status_zaplanowane,
	in_progress: m.plan_status_w_realizacji,
	done: m.plan_status_zrealizowane
};

/** Lower-case wording beside each need in the activity form's need picker. */
export const NEED_STATUS_PICKER_LABELS: Readonly<Record<SettableNeedStatus, Label>> = {
	new: m.act_need_status_nowe,
	published: m.act_need_status_opublikowane,
	in_analysis: m.act_need_status_w_analizie,
	planned: m.act_need_status_zaplanowane,
	in_progress: m.act_need_status_w_realizacji,
	done: m.act_need_status_zrealizowane
};

/** The status in `locale` or the request's language; an unknown code as stored. */
export const needStatusLabel = (status: string, locale?: Locale) =>
	labelOf(NEED_STATUS_LABELS, status, locale);

/** A sentence on what the status means for the reporter; empty for an unknown code. */
export const needStatusExplanation = (status: string, locale?: Locale) =>
	Object.hasOwn(NEED_STATUS_EXPLANATIONS, status)
		? labelOf(NEED_STATUS_EXPLANATIONS, status, locale)
		: '';

export const needStatusPlanningLabel = (status: string) =>
	labelOf(NEED_STATUS_PLANNING_LABELS, status);

export const needStatusPickerLabel = (status: string) => labelOf(NEED_STATUS_PICKER_LABELS, status);
