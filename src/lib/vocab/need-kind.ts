import * as m from '../paraglide/messages.js';
import { defineVocab, labelOf, type Label } from './label.ts';

/** What a resident reports: a need or an idea (the `needs.kind` CHECK constraint). */
export const [NEED_KINDS, NEED_KIND_LABELS, needKindLabel] = defineVocab({
	need: m.need_kind_potrzeba,
	idea: m.need_kind_pomysl
});
export type NeedKind = (typeof NEED_KINDS)[number];

/** Lower-case wording inside the staff planning tables. */
export const NEED_KIND_PLANNING_LABELS: Readonly<Record<NeedKind, Label>> = {
	need: m.plan_kind_need,
	idea: m.plan_kind_idea
};

export const needKindPlanningLabel = (kind: string) => labelOf(NEED_KIND_PLANNING_LABELS, kind);
