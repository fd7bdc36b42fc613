import type { PageServerLoad } from './$types';
import { diagnosisScopes } from '$lib/server/diagnosis/queries';
import { plansIndex } from '$lib/server/plans/queries';

// The index of plans and reports the caller may read (RLS: published ones for the public),
// with the names of their scopes.
export const load: PageServerLoad = async ({ locals }) => {
	const { plans, scopes } = await locals.db(async (tx) => ({
		plans: await plansIndex(tx, locals.region),
		scopes: await diagnosisScopes(tx, locals.region)
	}));
	const names = new Map<string, string>();
	if (scopes)
		for (const s of [scopes.gmina, ...scopes.solectwa, ...scopes.villages])
			names.set(s.slug, s.name);
	return { plans: plans.map((p) => ({ ...p, name: names.get(p.scope) ?? p.scope })) };
};
