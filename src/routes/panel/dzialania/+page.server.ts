import type { PageServerLoad } from './$types';
import { ACTIVITY_STATUSES } from '$lib/vocab/activity-status';
import { isOneOf } from '$lib/vocab/label';
import { can, requirePermission } from '$lib/server/auth/permissions';
import { panelActivities } from '$lib/server/activities/queries';
import { villageSummaries } from '$lib/server/region/queries';

// The organizers' list of activities, filtered by ?status= and ?wies=.
export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const { locals, url } = event;
	const statusParam = url.searchParams.get('status') ?? '';
	const status = isOneOf(ACTIVITY_STATUSES, statusParam) ? statusParam : null;
	return locals.db(async (tx) => {
		const villages = (await villageSummaries(tx, locals.region)).map((v) => ({
			slug: v.slug,
			name: v.name
		}));
		const village = villages.find((v) => v.slug === url.searchParams.get('wies'))?.slug ?? null;
		return {
			canEdit: can(user, 'edit_activities'),
			villages,
			filters: { status, village },
			activities: await panelActivities(tx, locals.region, { status, village })
		};
	});
};
