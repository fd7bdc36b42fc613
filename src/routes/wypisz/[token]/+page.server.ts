import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { getSecrets } from '$lib/server/db';
import { SECRET_LINK_HEADERS } from '$lib/server/http/headers';
import { verifySignedToken } from '$lib/server/mail/tokens';
import { unsubscribe } from '$lib/server/mail/unsubscribe';

// The unsubscribe link of an e-mail: GET only shows a confirmation, so a mail scanner opening
// the link changes nothing; the button posts the form below. The token's purpose says whose
// link it is, and so what the page promises: a reporter stops getting status e-mails about
// their reports, a follower the messages of that one subscription (a need or a digest).
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const { hmac } = await getSecrets();
	const audience = verifySignedToken(hmac, 'unsubscribe', params.token)
		? 'reporter'
		: verifySignedToken(hmac, 'follow-unsubscribe', params.token)
			? 'follower'
			: null;
	if (!audience) error(404, m.mail_unsub_invalid());
	setHeaders(SECRET_LINK_HEADERS);
	return { audience };
};

export const actions = {
	default: async ({ params, locals }) => {
		const done = await locals.db((tx) => unsubscribe(tx, params.token));
		if (!done) return fail(404, { message: m.mail_unsub_invalid() });
		return { done: true };
	}
} satisfies Actions;
