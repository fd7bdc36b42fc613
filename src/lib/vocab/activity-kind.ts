import * as m from '../paraglide/messages.js';
import { labelOf, type Label } from './label.ts';

/** The kinds of activity the programme runs (the `activities.kind` CHECK constraint). */
export const ACTIVITY_KINDS = [
	'spotkanie-obywatelskie',
	'partnerstwo-lokalne',
	'wydarzenie-spoleczne',
	'wolontariat',
	'grupa-samopomocowa',
	'konsultacje-spoleczne',
	'warsztaty',
	'kampania-spoleczna'
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Readonly<Record<ActivityKind, Label>> = {
	'spotkanie-obywatelskie': m.act_kind_spotkanie,
	'partnerstwo-lokalne': m.act_kind_partnerstwo,
	'wydarzenie-spoleczne': m.act_kind_wydarzenie,
	wolontariat: m.act_kind_wolontariat,
	'grupa-samopomocowa': m.act_kind_samopomoc,
	'konsultacje-spoleczne': m.act_kind_konsultacje,
	warsztaty: m.act_kind_warsztaty,
	'kampania-spoleczna': m.act_kind_kampania
};

export const activityKindLabel = (kind: string) => labelOf(ACTIVITY_KIND_LABELS, kind);
