import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { getSecrets } from '$lib/server/db';
import { SECRET_LINK_HEADERS } from '$lib/server/http/headers';
import { verifyUnsubscribeToken } from '$lib/server/mail/tokens';
import { unsubscribe } from '$lib/server/mail/unsubscribe';

// The unsubscribe link of a status e-mail: GET only shows a confirmation, so
// a mail scanner opening the link changes nothing; the button posts the form below.
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const { hmac } = await getSecrets();
	if (!verifyUnsubscribeToken(hmac, params.token)) error(404, m.mail_unsub_invalid());
	setHeaders(SECRET_LINK_HEADERS);
	return {};
};

export const actions = {
	default: async ({ params, locals }) => {
		const done = await locals.db((tx) => unsubscribe(tx, params.token));
		if (!done) return fail(404, { message: m.mail_unsub_invalid() });
		return { done: true };
	}
} satisfies Actions;
