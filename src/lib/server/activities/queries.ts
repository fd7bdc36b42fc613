import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type { Activity, FormOptions, PanelActivity, PanelListItem } from '$lib/activities/types';

// Activities: every query calls a function from
// supabase/migrations/20261205000800_activities.sql; constant SQL text, bound parameters.

export const publicActivities = (
	tx: Tx,
	region: string,
	filters: { village: string | null; from: Date | null; to: Date | null; limit: number }
) =>
	value<Activity[]>(tx, 'select public.public_activities($1, $2, $3, $4, $5) as v', [
		region,
		filters.village,
		filters.from?.toISOString() ?? null,
		filters.to?.toISOString() ?? null,
		filters.limit
	]);

export const publicActivity = (tx: Tx, id: string) =>
	value<Activity | null>(tx, 'select public.public_activity($1) as v', [id]);

export const panelActivities = (
	tx: Tx,
	region: string,
	filters: { status: string | null; village: string | null }
) =>
	value<PanelListItem[]>(tx, 'select public.panel_activities($1, $2, $3) as v', [
		region,
		filters.status,
		filters.village
	]);

export const panelActivity = (tx: Tx, id: string) =>
	value<PanelActivity | null>(tx, 'select public.panel_activity($1) as v', [id]);

/**
 * What the activity form offers: villages, venues, partners, and the needs to link, bounded per
 * village (the most supported open ones), with the activity's linked needs and `needs` (ids asked
 * for, e.g. by the planning page) always among them.
 */
export const formOptions = (
	tx: Tx,
	region: string,
	activity: string | null,
	needs: readonly string[] = []
) =>
	value<FormOptions>(tx, 'select public.activity_form_options($1, $2, $3::uuid[]) as v', [
		region,
		activity,
		needs
	]);

export const saveActivity = (tx: Tx, payload: Record<string, unknown>) =>
	value<string>(tx, 'select public.save_activity($1::text::jsonb) as v', [JSON.stringify(payload)]);

export const completeActivity = (
	tx: Tx,
	id: string,
	outcome: {
		participants: number | null;
		volunteers: number | null;
		notes: string;
		closeNeeds: boolean;
	}
) =>
	value<number>(tx, 'select public.complete_activity($1, $2, $3, $4, $5) as v', [
		id,
		outcome.participants,
		outcome.notes,
		outcome.closeNeeds,
		outcome.volunteers
	]);

export const cancelActivity = (tx: Tx, id: string) =>
	tx.query('select public.cancel_activity($1)', [id]);

export const removeVolunteer = (tx: Tx, activity: string, id: number) =>
	value<boolean>(tx, 'select public.remove_volunteer($1, $2) as v', [activity, id]);

export const volunteerSignup = (tx: Tx, payload: Record<string, unknown>) =>
	tx.query('select private.volunteer_signup($1::text::jsonb) as v', [JSON.stringify(payload)]);
