import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { SECRET_LINK_HEADERS } from '$lib/server/http/headers';
import { getSecrets } from '$lib/server/db';
import { unsubscribeTokenForStatus } from '$lib/server/mail/unsubscribe';
import { needStatus } from '$lib/server/reports/status';
import { localizeCategoryLabels } from '$lib/server/category-labels';

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const { hmac } = await getSecrets();
	const { view, unsubscribe } = await locals.db(async (tx) => ({
		view:
			(
				await localizeCategoryLabels(
					tx,
					'need',
					[await needStatus(tx, params.token)].filter((x) => x !== null)
				)
			)[0] ?? null,
		// A reporter who gets status e-mails can stop them from here too.
		unsubscribe: await unsubscribeTokenForStatus(tx, hmac, params.token)
	}));
	if (!view) error(404, m.api_status_not_found());
	setHeaders(SECRET_LINK_HEADERS);
	return { ...view, unsubscribe };
};
