import { loadLegalPage } from '$lib/server/legal';
import type { PageServerLoad } from './$types';

// Admin-editable legal page (issue #5, item 5).
export const load: PageServerLoad = ({ locals }) => loadLegalPage(locals, 'zasady-moderacji');
