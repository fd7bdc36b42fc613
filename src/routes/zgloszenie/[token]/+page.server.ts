import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { needStatus } from '$lib/server/reports/status';

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const view = await locals.db((tx) => needStatus(tx, params.token));
	if (!view) error(404, m.api_status_not_found());
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
	return view;
};
