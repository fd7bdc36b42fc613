import * as m from '../paraglide/messages.js';
import { labelOf, defineVocab, type Label } from './label.ts';

/** The states of a resource in the register (the `resources.status` CHECK constraint). */
export const [RESOURCE_STATUSES, RESOURCE_STATUS_LABELS, resourceStatusLabel] = defineVocab({
	draft: m.res_status_draft,
	published: m.res_status_published,
	archived: m.res_status_archived
});
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/** Wording inside the staff planning tables (archived resources are not offered there). */
export const RESOURCE_STATUS_PLANNING_LABELS: Readonly<
	Record<Exclude<ResourceStatus, 'archived'>, Label>
> = {
	draft: m.plan_status_draft,
	published: m.plan_status_published
};

export const resourceStatusPlanningLabel = (status: string) =>
	labelOf(RESOURCE_STATUS_PLANNING_LABELS, status);
