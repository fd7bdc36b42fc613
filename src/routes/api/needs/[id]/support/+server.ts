import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { getSecrets } from '$lib/server/db';
import { deviceHash } from '$lib/server/reports/tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** "Popieram": one support per browser (hashed device cookie); DELETE withdraws it (issue #3, item 5). */
async function setSupport(event: Parameters<RequestHandler>[0], on: boolean): Promise<Response> {
	const id = event.params.id;
	if (!UUID.test(id)) return json({ error: m.api_need_id() }, { status: 400 });
	const { hmac } = await getSecrets();
	const device = deviceHash(event.cookies, hmac);
	try {
		const result = await event.locals.db(async (tx) => {
			const rows = await tx.query<{ v: { supported: boolean; support_count: number } }>(
				'select private.set_device_support($1, $2, $3) as v',
				[id, device, on]
			);
			return rows[0].v;
		});
		return json(result);
	} catch (e) {
		if ((e as { code?: string }).code === 'MZ404') {
			return json({ error: m.api_not_public() }, { status: 404 });
		}
		throw e;
	}
}

export const POST: RequestHandler = (event) => setSupport(event, true);
export const DELETE: RequestHandler = (event) => setSupport(event, false);
