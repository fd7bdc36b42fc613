import type { RequestHandler } from './$types';
import { getEnv } from '$lib/server/db/index';
import { publicOrigin } from '$lib/server/http/origin';
import { formatOf, notOpen311, open311Response } from '$lib/server/open311/format';

/** When this interface last changed (the spec's `changeset`). */
const CHANGESET = '2026-12-05T00:00:00Z';

/** Open311 Service Discovery (http://wiki.open311.org/Service_discovery): where GeoReport v2 lives. */
export const GET: RequestHandler = (event) => {
	const format = formatOf(event.params.format);
	if (!format) return notOpen311();
	const origin = publicOrigin(event);
	return open311Response(format, 'discovery', {
		changeset: CHANGESET,
		contact: `${origin}/rodo`,
		key_service: getEnv().open311ApiKey
			? 'POST requests needs an api_key issued by the gmina'
			: 'no api_key needed',
		endpoints: [
			{
				specification: 'http://wiki.open311.org/GeoReport_v2',
				url: `${origin}/open311/v2`,
				changeset: CHANGESET,
				type: 'production',
				formats: ['application/json', 'text/xml']
			}
		]
	});
};
