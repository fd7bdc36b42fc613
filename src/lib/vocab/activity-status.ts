import * as m from '../paraglide/messages.js';
import { labelOf, type Label } from './label.ts';

/** The states of an activity (the `activities.status` CHECK constraint). */
export const ACTIVITY_STATUSES = ['planned', 'confirmed', 'held', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** Statuses of an activity that is still to come (the public page offers to volunteer then). */
export const UPCOMING_ACTIVITY_STATUSES = [
	'planned',
	'confirmed'
] as const satisfies readonly ActivityStatus[];

export const ACTIVITY_STATUS_LABELS: Readonly<Record<ActivityStatus, Label>> = {
	planned: m.act_status_planowane,
	confirmed: m.act_status_potwierdzone,
	held: m.act_status_odbylo,
	cancelled: m.act_status_odwolane
};

export const activityStatusLabel = (status: string) => labelOf(ACTIVITY_STATUS_LABELS, status);
