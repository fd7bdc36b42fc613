// The shape that private.activity_json returns; keep in step with
// supabase/migrations/*_activities.sql. The coded values are in $lib/vocab.
import type { ActivityKind } from '$lib/vocab/activity-kind';
import type { ActivityGoal, ProgrammeCategory } from '$lib/vocab/activity-programme';
import type { ActivityStatus } from '$lib/vocab/activity-status';
import type { StepFree } from '$lib/vocab/step-free';

export interface PlaceRef {
	id: number;
	slug: string;
	name: string;
}

export interface Activity {
	id: string;
	title: string;
	description: string;
	kind: ActivityKind;
	programme_category: ProgrammeCategory;
	goals: ActivityGoal[];
	status: ActivityStatus;
	published: boolean;
	starts_at: string | null;
	ends_at: string | null;
	/** Local (Europe/Warsaw) date and times, formatted by PostgreSQL. */
	date: string | null;
	start_time: string | null;
	end_time: string | null;
	end_date: string | null;
	outcome_participants: number | null;
	/** Volunteers who helped, counted by the organizer on completion. */
	outcome_volunteers: number | null;
	updated_at: string;
	/** Revisions of the time, place and status: the iCalendar SEQUENCE (a database trigger counts). */
	sequence: number;
	locality: PlaceRef | null;
	localities: PlaceRef[];
	venue: {
		id: string;
		name: string;
		address: string | null;
		capacity: number | null;
		step_free: StepFree | null;
		lon: number;
		lat: number;
	} | null;
	partners: { id: string; name: string; category: string }[];
	needs: { id: string; ref: string; title: string; status: string }[];
	/** The venue's point, else the main village's label point; null when neither is known. */
	lon: number | null;
	lat: number | null;
}

export interface PanelActivity extends Activity {
	outcome_notes: string | null;
	volunteers: { id: number; name: string; contact: string; created_at: string }[];
}

export interface PanelListItem extends Activity {
	volunteers: number;
}

export interface FormOptions {
	localities: PlaceRef[];
	venues: {
		id: string;
		name: string;
		category: string;
		address: string | null;
		capacity: number | null;
		step_free: StepFree | null;
		status: string;
		locality: string | null;
	}[];
	partners: { id: string; name: string; category: string }[];
	needs: { id: string; ref: string; title: string; status: string; locality_id: number | null }[];
}

/** What the activity form posts, kept as typed so a refused form shows it again. */
export interface ActivityFormValues {
	title: string;
	description: string;
	kind: string;
	programme_category: string;
	goals: string[];
	date: string;
	start_time: string;
	end_time: string;
	locality: string;
	localities: string[];
	venue_id: string;
	partners: string[];
	needs: string[];
	status: string;
	published: boolean;
}
