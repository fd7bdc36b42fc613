import type { RequestHandler } from './$types';
import { publicOrigin } from '$lib/server/http/origin';
import { isInvalidParameter } from '$lib/server/http/responses';
import { formatOf, notOpen311, open311Error, open311Response } from '$lib/server/open311/format';
import { postServiceRequest } from '$lib/server/open311/post';
import { parseRequestsQuery, readRequests, toServiceRequest } from '$lib/server/open311/requests';

/** GeoReport v2 "GET Service Requests": public needs, newest first (RLS decides what is public). */
export const GET: RequestHandler = async (event) => {
	const format = formatOf(event.params.format);
	if (!format) return notOpen311();
	const { url, locals } = event;
	const jurisdiction = url.searchParams.get('jurisdiction_id');
	if (jurisdiction && jurisdiction !== locals.region) {
		return open311Error(format, 404, `jurisdiction_id: unknown jurisdiction ${jurisdiction}`);
	}
	const parsed = parseRequestsQuery(url.searchParams);
	if (!parsed.ok) return open311Error(format, 400, parsed.error);
	try {
		const rows = await locals.db((tx) => readRequests(tx, locals.region, parsed.query));
		const origin = publicOrigin(event);
		return open311Response(
			format,
			'service_requests',
			rows.map((row) => toServiceRequest(row, origin))
		);
	} catch (e) {
		if (isInvalidParameter(e)) return open311Error(format, 400, e.message);
		throw e;
	}
};

/** GeoReport v2 "POST Service Request": a resident's report, through the guarded write path. */
export const POST: RequestHandler = async (event) => {
	const format = formatOf(event.params.format);
	if (!format) return notOpen311();
	return postServiceRequest(event, format);
};
