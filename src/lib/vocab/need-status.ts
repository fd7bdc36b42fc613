import * as m from '../paraglide/messages.js';
import type { Locale } from '../paraglide/runtime.js';
import { labelOf, type Label } from './label.ts';

/**
 * The statuses of a need (a resident's report), in workflow order: the values the `needs.status`
 * CHECK constraint allows (tests/db/vocabularies.spec.ts compares the two).
 */
export const NEED_STATUSES = [
	'nowe',
	'opublikowane',
	'w_analizie',
	'zaplanowane',
	'w_realizacji',
	'zrealizowane',
	'odrzucone',
	'polaczone'
] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Statuses in which a need is public: published and every later step (private.is_public_need_status). */
export const PUBLIC_NEED_STATUSES = [
	'opublikowane',
	'w_analizie',
	'zaplanowane',
	'w_realizacji',
	'zrealizowane'
] as const satisfies readonly NeedStatus[];

/** Statuses the moderator's status form sets; rejecting and merging are actions of their own. */
export const SETTABLE_NEED_STATUSES = [
	'nowe',
	...PUBLIC_NEED_STATUSES
] as const satisfies readonly NeedStatus[];
export type SettableNeedStatus = (typeof SETTABLE_NEED_STATUSES)[number];

/**
 * Rejected or merged into another need: set aside, so neither hidden nor merged again, and left
 * out of the planning counts and the similar-need search.
 */
export const SET_ASIDE_NEED_STATUSES = [
	'odrzucone',
	'polaczone'
] as const satisfies readonly NeedStatus[];

/**
 * The statuses a need may move to next through the status and reject forms: forward steps may
 * skip, rejection until work starts, a rejection may be reopened. The database also allows
 * 'polaczone' from every open status, reached only through the merge action
 * (private.need_transition_allowed; compared in tests/db/vocabularies.spec.ts).
 */
export const NEXT_NEED_STATUSES: Readonly<Record<NeedStatus, readonly NeedStatus[]>> = {
	nowe: ['opublikowane', 'odrzucone'],
	opublikowane: ['w_analizie', 'zaplanowane', 'w_realizacji', 'zrealizowane', 'odrzucone'],
	w_analizie: ['zaplanowane', 'w_realizacji', 'zrealizowane', 'odrzucone'],
	zaplanowane: ['w_realizacji', 'zrealizowane', 'odrzucone'],
	w_realizacji: ['zrealizowane'],
	zrealizowane: [],
	odrzucone: ['nowe'],
	polaczone: []
};

export const NEED_STATUS_LABELS: Readonly<Record<NeedStatus, Label>> = {
	nowe: m.status_nowe,
	opublikowane: m.status_opublikowane,
	w_analizie: m.status_w_analizie,
	zaplanowane: m.status_zaplanowane,
	w_realizacji: m.status_w_realizacji,
	zrealizowane: m.status_zrealizowane,
	odrzucone: m.status_odrzucone,
	polaczone: m.status_polaczone
};

/** What each status means for the reporter: the status page and the status-change mail. */
export const NEED_STATUS_EXPLANATIONS: Readonly<Record<NeedStatus, Label>> = {
	nowe: m.status_explain_nowe,
	opublikowane: m.status_explain_opublikowane,
	w_analizie: m.status_explain_w_analizie,
	zaplanowane: m.status_explain_zaplanowane,
	w_realizacji: m.status_explain_w_realizacji,
	zrealizowane: m.status_explain_zrealizowane,
	odrzucone: m.status_explain_odrzucone,
	polaczone: m.status_explain_polaczone
};

/** Lower-case wording inside the staff planning tables, which say a new need is not moderated. */
export const NEED_STATUS_PLANNING_LABELS: Readonly<Record<SettableNeedStatus, Label>> = {
	nowe: m.plan_status_nowe,
	opublikowane: m.plan_status_opublikowane,
	w_analizie: m.plan_status_w_analizie,
	zaplanowane: m.plan_status_zaplanowane,
	w_realizacji: m.plan_status_w_realizacji,
	zrealizowane: m.plan_status_zrealizowane
};

/** Lower-case wording beside each need in the activity form's need picker. */
export const NEED_STATUS_PICKER_LABELS: Readonly<Record<SettableNeedStatus, Label>> = {
	nowe: m.act_need_status_nowe,
	opublikowane: m.act_need_status_opublikowane,
	w_analizie: m.act_need_status_w_analizie,
	zaplanowane: m.act_need_status_zaplanowane,
	w_realizacji: m.act_need_status_w_realizacji,
	zrealizowane: m.act_need_status_zrealizowane
};

/** The status as residents read it (map, lists, mail, exports); an unknown code as stored. */
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
