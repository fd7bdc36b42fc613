import { isSuppressed, SUPPRESSED } from '$lib/suppress';
import type { Count, Diagnosis, Totals } from '$lib/diagnosis/types';

// Small-count suppression of a whole diagnosis: for the public, every count of
// needs, supports, resources and activities that is 1 or 2 becomes "<3" here on the server, so
// the exact number never reaches a public page, PDF, CSV or GeoJSON. Address points and coverage
// shares describe buildings, not people, and stay exact. Staff get the document unchanged.

const c = (n: Count, exact: boolean): Count =>
	typeof n === 'number' && isSuppressed(n, exact) ? SUPPRESSED : n;

const totals = <T extends Totals>(t: T, exact: boolean): T => ({
	...t,
	needs: c(t.needs, exact),
	supports: c(t.supports, exact),
	resources: c(t.resources, exact),
	activities_planned: c(t.activities_planned, exact),
	activities_done: c(t.activities_done, exact)
});

export function suppressDiagnosis(d: Diagnosis, exact: boolean): Diagnosis {
	if (exact) return d;
	return {
		...d,
		totals: totals(d.totals, exact),
		gmina: d.gmina && totals(d.gmina, exact),
		resources: {
			total: c(d.resources.total, exact),
			by_category: d.resources.by_category.map((r) => ({ ...r, count: c(r.count, exact) }))
		},
		needs: {
			total: c(d.needs.total, exact),
			supports: c(d.needs.supports, exact),
			by_category: d.needs.by_category.map((n) => ({
				...n,
				count: c(n.count, exact),
				supports: c(n.supports, exact),
				done: c(n.done, exact)
			})),
			by_status: d.needs.by_status.map((s) => ({ ...s, count: c(s.count, exact) })),
			top: d.needs.top.map((t) => ({ ...t, supports: c(t.supports, exact) }))
		},
		hotspots: d.hotspots.map((h) => ({
			...h,
			count: c(h.count, exact),
			supports: c(h.supports, exact)
		})),
		activities: {
			...d.activities,
			planned: c(d.activities.planned, exact),
			done: c(d.activities.done, exact),
			needs_addressed: c(d.activities.needs_addressed, exact)
		},
		trend: {
			months: d.trend.months.map((t) => ({
				...t,
				reported: c(t.reported, exact),
				resolved: c(t.resolved, exact)
			})),
			quarters: d.trend.quarters.map((q) => ({ ...q, done: c(q.done, exact) }))
		}
	};
}
