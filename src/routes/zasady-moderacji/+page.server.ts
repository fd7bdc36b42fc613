import { loadLegalPage } from '$lib/server/legal/pages';
import type { PageServerLoad } from './$types';

// Admin-editable legal page.
export const load: PageServerLoad = ({ locals }) => loadLegalPage(locals, 'zasady-moderacji');
