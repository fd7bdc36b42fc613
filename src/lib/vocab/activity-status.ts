import * as m from '../paraglide/messages.js';
import { defineVocab } from './label.ts';

/** The states of an activity (the `activities.status` CHECK constraint). */
export const [ACTIVITY_STATUSES, ACTIVITY_STATUS_LABELS, activityStatusLabel] = defineVocab({
	planned: m.act_status_planowane,
	confirmed: m.act_status_potwierdzone,
	held: m.act_status_odbylo,
	cancelled: m.act_status_odwolane
});
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Statuses of an activity that is still to come (the public page offers to volunteer then). */
export const UPCOMING_ACTIVITY_STATUSES: readonly ActivityStatus[] = ['planned', 'confirmed'];
