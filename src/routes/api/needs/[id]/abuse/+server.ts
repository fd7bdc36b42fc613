import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { getSecrets } from '$lib/server/db';
import { isBodyTooLarge, payloadTooLarge } from '$lib/server/http';
import { deviceHash, ipHash } from '$lib/server/reports/tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ABUSE_REASONS = ['spam', 'personal_data', 'offensive', 'other'] as const;
const Body = v.object({ reason: v.optional(v.picklist(ABUSE_REASONS), 'other') });
/** Per browser and per IP address: generous for people, a wall for scripts. */
const ABUSE_LIMITS = [
	{ count: 10, seconds: 600 },
	{ count: 50, seconds: 86400 }
];

/**
 * "Zgłoś nadużycie" (issue #4, item 2): one report per browser (hashed device cookie) per need;
 * after three reports from different browsers the need is hidden until an organizer reviews it.
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
	const body = v.safeParse(Body, raw ?? {});
	if (!body.success) return json({ error: m.mod_abuse_bad_reason() }, { status: 400 });
	const { hmac } = await getSecrets();
	const device = deviceHash(event.cookies, hmac);
	const buckets = [device, ipHash(hmac, event.getClientAddress())].map((b) => `abuse:${b}`);
	try {
		const result = await event.locals.db(async (tx) => {
			const rows = await tx.query<{ v: { reported: boolean; counted: boolean; hidden: boolean } }>(
				'select private.report_abuse($1, $2, $3, $4, $5::text::jsonb) as v',
				[id, device, body.output.reason, buckets, JSON.stringify(ABUSE_LIMITS)]
			);
			return rows[0].v;
		});
		return json(result);
	} catch (e) {
		const { code, detail } = e as { code?: string; detail?: string };
		if (code === 'MZ404') return json({ error: m.mod_abuse_not_public() }, { status: 404 });
		if (code === 'MZ429') {
			const retryAfter = Number(detail) || 60;
			return json(
				{ error: m.api_rate_limited({ minutes: Math.ceil(retryAfter / 60) }) },
				{ status: 429, headers: { 'retry-after': String(retryAfter) } }
			);
		}
		throw e;
	}
};
