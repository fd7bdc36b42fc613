import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { getSecrets } from '$lib/server/db';
import { SECRET_LINK_HEADERS } from '$lib/server/http/headers';
import { confirmSubscription } from '$lib/server/mail/subscribe';
import { verifySignedToken } from '$lib/server/mail/tokens';

// The confirmation link of a subscription (double opt-in). GET only shows a button, so a mail
// scanner opening the link confirms nothing; the button posts the form below.
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const { hmac } = await getSecrets();
	if (!verifySignedToken(hmac, 'follow-confirm', params.token)) {
		error(404, m.follow_confirm_invalid());
	}
	setHeaders(SECRET_LINK_HEADERS);
	return {};
};

export const actions = {
	default: async ({ params, locals }) => {
		const confirmed = await locals.db((tx) => confirmSubscription(tx, params.token));
		if (!confirmed) return fail(404, { message: m.follow_confirm_invalid() });
		return { confirmed };
	}
} satisfies Actions;
