import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { publicActivities } from '$lib/server/activities/queries';
import { regionSummary, villageSummaries } from '$lib/server/region/queries';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The calendar month of ?miesiac=YYYY-MM, else the current month in Warsaw. */
function month(param: string | null): { year: number; month: number } {
	const match = param ? MONTH.exec(param) : null;
	if (match) return { year: Number(match[1]), month: Number(match[2]) };
	const [y, mo] = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/Warsaw',
		year: 'numeric',
		month: '2-digit'
	})
		.format(new Date())
		.split('-')
		.map(Number);
	return { year: y, month: mo };
}

// Public list, month calendar and map of published activities; ?wies=slug
// narrows all three to one village.
export const load: PageServerLoad = async ({ locals, url }) => {
	const villageParam = url.searchParams.get('wies');
	const cal = month(url.searchParams.get('miesiac'));
	// A day either side of the month in UTC: the calendar groups by the local date PostgreSQL
	// returns, so the Warsaw offset never moves an activity into the wrong month.
	const from = new Date(Date.UTC(cal.year, cal.month - 1, 0));
	const to = new Date(Date.UTC(cal.year, cal.month, 2));
	const data = await locals.db(async (tx) => {
		const villages = await villageSummaries(tx, locals.region);
		const village = villages.find((v) => v.slug === villageParam) ?? null;
		const slug = village?.slug ?? null;
		// From the start of today (UTC midnight minus the largest Warsaw offset).
		const today = new Date(Date.now() - (Date.now() % 86_400_000) - 2 * 3_600_000);
		return {
			region: await regionSummary(tx, locals.region),
			villages: villages.map((v) => ({ slug: v.slug, name: v.name, bbox: v.bbox })),
			village,
			upcoming: await publicActivities(tx, locals.region, {
				village: slug,
				from: today,
				to: null,
				limit: 200
			}),
			monthActivities: await publicActivities(tx, locals.region, {
				village: slug,
				from,
				to,
				limit: 1000
			})
		};
	});
	if (!data.region) error(503, m.api_region_missing());
	const prefix = `${cal.year}-${String(cal.month).padStart(2, '0')}`;
	return {
		region: data.region,
		villages: data.villages,
		village: data.village ? { slug: data.village.slug, name: data.village.name } : null,
		bounds: data.village?.bbox ?? data.region.bbox,
		upcoming: data.upcoming,
		month: { year: cal.year, month: cal.month },
		monthActivities: data.monthActivities.filter((a) => a.date?.startsWith(prefix))
	};
};
