import * as m from '../paraglide/messages.js';
import { defineVocab, isOneOf, labelOf, type Label } from './label.ts';

/** Whether a venue can be entered without steps, in the form's order (`resources.step_free`). */
export const [STEP_FREE, STEP_FREE_LABELS] = defineVocab({
	yes: m.res_step_free_yes,
	partly: m.res_step_free_partly,
	no: m.res_step_free_no
});
export type StepFree = (typeof STEP_FREE)[number];

/** Is the access recorded at all (a column value of the three, not null)? */
export const isStepFree = (value: unknown): value is StepFree => isOneOf(STEP_FREE, value);

/**
 * Step-free access as people read it. `unknown` words a venue nobody has checked: "nie wiadomo"
 * in the register, "brak danych" on the activity and planning pages.
 */
export const stepFreeLabel = (value: string | null, unknown: Label = m.res_step_free_unknown) =>
	isStepFree(value) ? labelOf(STEP_FREE_LABELS, value) : unknown();
