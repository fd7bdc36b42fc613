import type { ActivityKind } from '$lib/vocab/activity-kind';
import type { ProgrammeCategory } from '$lib/vocab/activity-programme';

// The shape public.cooperation_network returns (supabase/migrations/…_network.sql); keep in step.

export interface PlaceName {
	slug: string;
	name: string;
}

/** A partner: a resource of a partner category with a counted activity in the year. */
export interface NetworkPartner {
	id: string;
	name: string;
	/** Resource category slug and its name (Polish from SQL, English on /en pages). */
	category: string;
	category_label: string;
	lon: number;
	lat: number;
	/** Its place on the static village map (public.villages_svg's units, y down). */
	x: number;
	y: number;
	/** The village the partner's resource lies in. */
	locality: PlaceName | null;
	/** The villages its activities of the year served. */
	villages: PlaceName[];
	/** Counted activities of the year it took part in. */
	activities: number;
	/** Local date of its first counted activity ever (YYYY-MM-DD). */
	first_date: string;
	/** Its first counted activity falls in the year. */
	new: boolean;
}

export interface NetworkActivityRef {
	id: string;
	title: string;
	date: string;
	published: boolean;
}

/** Two partners (a's name sorts first) that ran at least one counted activity together. */
export interface NetworkEdge {
	a: string;
	b: string;
	count: number;
	activities: NetworkActivityRef[];
}

export interface NetworkActivity extends NetworkActivityRef {
	programme_category: ProgrammeCategory;
	kind: ActivityKind;
	partners: string[];
}

export interface NetworkMeasures {
	partners: number;
	joint_activities: number;
	new_partners: number;
	/** Partners active in each quarter, Q1 to Q4. */
	quarters: [number, number, number, number];
	villages_total: number;
	villages_without: PlaceName[];
}

export interface Network {
	year: number;
	category: ProgrammeCategory | null;
	/** Unpublished activities were asked for (they appear only where RLS shows them: staff). */
	with_drafts: boolean;
	partners: NetworkPartner[];
	edges: NetworkEdge[];
	activities: NetworkActivity[];
	measures: NetworkMeasures;
	/** Years (newest first) with partner activity. */
	years: number[];
}
