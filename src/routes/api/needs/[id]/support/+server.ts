import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { deviceWrite } from '$lib/server/guard/device-write';
import { setDeviceSupport } from '$lib/server/needs/support';
import { UUID } from '$lib/uuid';

/**
 * "Popieram": one support per browser; DELETE withdraws it. Only from a page of this site, by a
 * browser that received its device cookie from a page (see deviceWrite); the database
 * verifies the signed context, limits new devices per network and toggles per device, and
 * records the network privately so staff see bursts.
 */
async function setSupport(event: Parameters<RequestHandler>[0], on: boolean): Promise<Response> {
	const id = event.params.id;
	if (!UUID.test(id)) return json({ error: m.api_need_id() }, { status: 400 });
	return deviceWrite(event, (tx, ctx) => setDeviceSupport(tx, id, ctx, on), {
		notPublic: m.api_not_public,
		rateLimited: (minutes) => m.votes_support_rate_limited({ minutes })
	});
}

export const POST: RequestHandler = (event) => setSupport(event, true);
export const DELETE: RequestHandler = (event) => setSupport(event, false);
