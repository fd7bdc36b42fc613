import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { deviceWrite } from '$lib/server/guard/device-write';
import { isBodyTooLarge, payloadTooLarge } from '$lib/server/http/responses';
import { NeedAbuseSchema, reportNeedAbuse } from '$lib/server/needs/abuse';
import { UUID } from '$lib/uuid';

/**
 * "Zgłoś nadużycie": one report per browser per need, only from a page of this site by a browser
 * that received its device cookie from a page (see deviceWrite). The database limits
 * reports per device and per network, and hides the need only when browsers on at least two
 * networks reported it within a day; otherwise the need is flagged for the moderators.
 */
export const POST: RequestHandler = async (event) => {
	const id = event.params.id;
	if (!UUID.test(id)) return json({ error: m.api_need_id() }, { status: 400 });
	let raw: unknown = {};
	if ((event.request.headers.get('content-type') ?? '').includes('application/json')) {
		try {
			raw = await event.request.json();
		} catch (e) {
			if (isBodyTooLarge(e)) return payloadTooLarge();
			raw = null;
		}
	}
	const body = v.safeParse(NeedAbuseSchema, raw ?? {});
	if (!body.success) return json({ error: m.mod_abuse_bad_reason() }, { status: 400 });
	return deviceWrite(event, (tx, ctx) => reportNeedAbuse(tx, id, ctx, body.output.reason), {
		notPublic: m.mod_abuse_not_public,
		rateLimited: (minutes) => m.api_rate_limited({ minutes })
	});
};
