import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { buildIcs } from '$lib/server/activities/ics';
import { publicActivities } from '$lib/server/activities/queries';
import { publicOrigin } from '$lib/server/http/origin';

/**
 * iCalendar feed of published activities, for subscribing in a calendar app.
 * Runs as anon like every public read, so RLS keeps drafts out; ?wies=slug narrows to a village.
 */
export const GET: RequestHandler = async (event) => {
	const { locals, url } = event;
	const village = url.searchParams.get('wies');
	const slug = village && /^[a-z0-9-]{1,80}$/.test(village) ? village : null;
	// The last half year and everything ahead: calendar apps keep their own history.
	const from = new Date(Date.now() - 183 * 86_400_000);
	const activities = await locals.db((tx) =>
		publicActivities(tx, locals.region, { village: slug, from, to: null, limit: 1000 })
	);
	const body = buildIcs(activities, {
		origin: publicOrigin(event),
		name: m.act_ics_name(),
		description: m.act_ics_description()
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'inline; filename="dzialania.ics"',
			'cache-control': 'public, max-age=300',
			'access-control-allow-origin': '*'
		}
	});
};
