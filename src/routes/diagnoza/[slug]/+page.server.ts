import type { PageServerLoad } from './$types';
import { loadDiagnosis } from '$lib/server/diagnosis/load';
import { plansIndex } from '$lib/server/plans/queries';

// One diagnosis, exact figures of public items for everyone; the narrative only when
// published, or as a marked draft for staff.
export const load: PageServerLoad = async (event) => {
	const { doc, staff } = await loadDiagnosis(event, event.params.slug);
	if (staff) event.setHeaders({ 'cache-control': 'private, no-store' });
	// The plans that rest on this diagnosis (RLS: published ones for the public), newest first.
	const { locals } = event;
	const plans = (await locals.db((tx) => plansIndex(tx, locals.region)))
		.filter((p) => p.scope === doc.scope.slug)
		.map((p) => p.year);
	return { doc, staff, plans };
};
