import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { route } from '$lib/routes';
import { requirePermission } from '$lib/server/auth/permissions';
import type { ActivityFormValues } from '$lib/activities/types';
import { formOptions } from '$lib/server/activities/queries';
import { saveFromForm } from '$lib/server/activities/save';
import { isUuid } from '$lib/uuid';

// A new activity. The planning page links here with
// ?wies=<locality slug>&venue=<resource uuid>&needs=<uuid,uuid> to prefill the form.
export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'edit_activities');
	const { locals, url } = event;
	const asked = (url.searchParams.get('needs') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(isUuid);
	const options = await locals.db((tx) => formOptions(tx, locals.region, null, asked));
	const wies = url.searchParams.get('wies') ?? '';
	const venue = url.searchParams.get('venue') ?? '';
	const needs = asked.filter((s) => options.needs.some((n) => n.id === s));
	const values: ActivityFormValues = {
		title: '',
		description: '',
		kind: 'citizens_meeting',
		programme_category: 'community_animation',
		goals: [],
		date: '',
		start_time: '',
		end_time: '',
		locality: options.localities.some((l) => l.slug === wies) ? wies : '',
		localities: [],
		venue_id: options.venues.some((v) => v.id === venue) ? venue : '',
		partners: [],
		needs,
		status: 'planned',
		// Published by default: most activities are meant to be announced; the organizer can
		// untick it for a draft (documented in docs/ARCHITECTURE.md).
		published: true
	};
	return { options, values };
};

export const actions = {
	default: async (event) => {
		requirePermission(event, 'edit_activities');
		const result = await saveFromForm(event, null);
		if (!('id' in result)) return result;
		redirect(303, route(`/panel/dzialania/${result.id}?zapisano=1`));
	}
} satisfies Actions;
