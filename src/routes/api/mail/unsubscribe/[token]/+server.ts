import { json, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { route } from '$lib/routes';
import { unsubscribe } from '$lib/server/mail/unsubscribe';

const HEADERS = { 'cache-control': 'no-store', 'x-robots-tag': 'noindex' };

/**
 * RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` here from the
 * List-Unsubscribe header, with no cookies and from no page, so this lives under /api (exempt
 * from the same-origin form check); the signed token in the URL is the only authority.
 */
export const POST: RequestHandler = async ({ params, locals }) => {
	const done = await locals.db((tx) => unsubscribe(tx, params.token));
	if (!done) return json({ error: m.mail_unsub_invalid() }, { status: 404, headers: HEADERS });
	return json({ unsubscribed: true }, { headers: HEADERS });
};

/** A GET (a link scanner, a click on the header's URL) never unsubscribes: it shows the confirm page. */
export const GET: RequestHandler = ({ params }) => {
	redirect(303, route(`/wypisz/${encodeURIComponent(params.token)}`));
};
