import type { RequestHandler } from './$types';
import { publicOrigin } from '$lib/server/http/origin';
import { parseNeedRef } from '$lib/server/needs/page';
import { formatOf, notOpen311, open311Error, open311Response } from '$lib/server/open311/format';
import { readRequests, toServiceRequest } from '$lib/server/open311/requests';

/** GeoReport v2 "GET Service Request": one public need, as a list of one (the spec's shape). */
export const GET: RequestHandler = async (event) => {
	const format = formatOf(event.params.format);
	if (!format) return notOpen311();
	const ref = parseNeedRef(event.params.id);
	const rows = ref
		? await event.locals.db((tx) =>
				readRequests(tx, event.locals.region, {
					refs: [ref],
					codes: null,
					statuses: null,
					start: null,
					end: null
				})
			)
		: [];
	if (rows.length === 0) {
		return open311Error(format, 404, `service_request_id: no public request ${event.params.id}`);
	}
	const origin = publicOrigin(event);
	return open311Response(format, 'service_requests', [toServiceRequest(rows[0], origin)]);
};
