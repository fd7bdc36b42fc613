import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { deviceWriteContext, deviceWriteError } from '$lib/server/guard/device-write';
import { UUID } from '$lib/uuid';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';

/**
 * "Popieram": one support per browser; DELETE withdraws it. Only from a page of this site, by a
 * browser that received its device cookie from a page (see deviceWriteContext); the database
 * verifies the signed context, limits new devices per network and toggles per device, and
 * records the network privately so staff see bursts.
 */
async function setSupport(event: Parameters<RequestHandler>[0], on: boolean): Promise<Response> {
	const id = event.params.id;
	if (!UUID.test(id)) return json({ error: m.api_need_id() }, { status: 400 });
	const guard = await deviceWriteContext(event);
	if ('refused' in guard) return guard.refused;
	try {
		const result = await event.locals.db(async (tx) => {
			const rows = await tx.query<{ v: { supported: boolean; support_count: number } }>(
				'select private.set_device_support($1, $2::text::jsonb, $3) as v',
				[id, JSON.stringify(guard.ctx), on]
			);
			return rows[0].v;
		});
		return json(result);
	} catch (e) {
		if (sqlstateOf(e) === SQLSTATE.notFound) {
			return json({ error: m.api_not_public() }, { status: 404 });
		}
		const refused = deviceWriteError(e, (minutes) => m.votes_support_rate_limited({ minutes }));
		if (refused) return refused;
		throw e;
	}
}

export const POST: RequestHandler = (event) => setSupport(event, true);
export const DELETE: RequestHandler = (event) => setSupport(event, false);
