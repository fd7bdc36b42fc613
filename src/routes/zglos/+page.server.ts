import type { Actions, PageServerLoad } from './$types';
import { reportFormAction } from '$lib/server/reports/form-action';
import { reportFormData, reportFormQueries } from '$lib/server/reports/form-load';

export const load: PageServerLoad = async ({ locals }) =>
	reportFormData(await locals.db((tx) => reportFormQueries(tx, locals.region)));

export const actions = {
	default: (event) => reportFormAction(event)
} satisfies Actions;
