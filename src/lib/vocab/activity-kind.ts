import * as m from '../paraglide/messages.js';
import { defineVocab } from './label.ts';

/** The kinds of activity the programme runs (the `activities.kind` CHECK constraint). */
export const [ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, activityKindLabel] = defineVocab({
	citizens_meeting: m.act_kind_spotkanie,
	local_partnership: m.act_kind_partnerstwo,
	community_event: m.act_kind_wydarzenie,
	volunteering: m.act_kind_wolontariat,
	self_help_group: m.act_kind_samopomoc,
	public_consultation: m.act_kind_konsultacje,
	workshop: m.act_kind_warsztaty,
	social_campaign: m.act_kind_kampania
});
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
