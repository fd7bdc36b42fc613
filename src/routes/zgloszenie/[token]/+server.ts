import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { SECRET_LINK_HEADERS } from '$lib/server/http/headers';
import { needStatus } from '$lib/server/reports/status';

/** The status link as JSON ({ref, status, title, timeline, photo_url}) for Accept: application/json. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const view = await locals.db((tx) => needStatus(tx, params.token));
	if (!view) error(404, m.api_status_not_found());
	return json(view, { headers: SECRET_LINK_HEADERS });
};
