import * as m from '../paraglide/messages.js';
import { labelOf, type Label } from './label.ts';

/** The kinds of activity the programme runs (the `activities.kind` CHECK constraint). */
export const ACTIVITY_KINDS = [
	'citizens_meeting',
	'local_partnership',
	'community_event',
	'volunteering',
	'self_help_group',
	'public_consultation',
	'workshop',
	'social_campaign'
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Readonly<Record<ActivityKind, Label>> = {
	citizens_meeting: m.act_kind_spotkanie,
	local_partnership: m.act_kind_partnerstwo,
	community_event: m.act_kind_wydarzenie,
	volunteering: m.act_kind_wolontariat,
	self_help_group: m.act_kind_samopomoc,
	public_consultation: m.act_kind_konsultacje,
	workshop: m.act_kind_warsztaty,
	social_campaign: m.act_kind_kampania
};

export const activityKindLabel = (kind: string) => labelOf(ACTIVITY_KIND_LABELS, kind);
