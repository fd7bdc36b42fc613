import * as m from '../paraglide/messages.js';
import { labelOf, type Label } from './label.ts';

/** The states of a resource in the register (the `resources.status` CHECK constraint). */
export const RESOURCE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export const RESOURCE_STATUS_LABELS: Readonly<Record<ResourceStatus, Label>> = {
	draft: m.res_status_draft,
	published: m.res_status_published,
	archived: m.res_status_archived
};

/** Wording inside the staff planning tables (archived resources are not offered there). */
export const RESOURCE_STATUS_PLANNING_LABELS: Readonly<
	Record<Exclude<ResourceStatus, 'archived'>, Label>
> = {
	draft: m.plan_status_draft,
	published: m.plan_status_published
};

export const resourceStatusLabel = (status: string) => labelOf(RESOURCE_STATUS_LABELS, status);

export const resourceStatusPlanningLabel = (status: string) =>
	labelOf(RESOURCE_STATUS_PLANNING_LABELS, status);
