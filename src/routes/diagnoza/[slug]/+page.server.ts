import type { PageServerLoad } from './$types';
import { loadDiagnosis } from '$lib/server/diagnosis/load';

// One diagnosis, exact figures of public items for everyone; the narrative only when
// published, or as a marked draft for staff.
export const load: PageServerLoad = async (event) => {
	const { doc, staff } = await loadDiagnosis(event, event.params.slug);
	if (staff) event.setHeaders({ 'cache-control': 'private, no-store' });
	return { doc, staff };
};
