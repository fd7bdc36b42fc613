import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { can } from '$lib/server/auth/permissions';
import { diagnosisScopes } from '$lib/server/diagnosis/queries';

// The index of diagnoses: the gmina, its sołectwa and villages. RLS shows
// the narrative status of drafts to staff only.
export const load: PageServerLoad = async ({ locals }) => {
	const scopes = await locals.db((tx) => diagnosisScopes(tx, locals.region));
	if (!scopes) error(404);
	return { scopes, staff: can(locals.user, 'see_exact_figures') };
};
