import * as m from '$lib/paraglide/messages';
import { formatNumber } from '$lib/presentation/format';
import type { ReportIssue } from '$lib/region/area-import-report';

// The SQL report carries codes and numbers; the words are Paraglide's.

const str = (v: ReportIssue[string]) => (v === null || v === undefined ? '' : String(v));
const num = (v: ReportIssue[string]) => formatNumber(Number(v ?? 0));

export function issueText(issue: ReportIssue): string {
	switch (issue.code) {
		case 'unreadable':
			return m.area_issue_unreadable();
		case 'not_polygon':
			return m.area_issue_not_polygon({ type: str(issue.type) });
		case 'invalid':
			return m.area_issue_invalid({ reason: str(issue.reason) });
		case 'outside_region':
			return m.area_issue_outside_region({ area: num(issue.area_m2) });
		case 'unmatched':
			return m.area_issue_unmatched();
		case 'ambiguous':
			return m.area_issue_ambiguous({ names: str(issue.names) });
		case 'duplicate':
			return m.area_issue_duplicate({ with: str(issue.with) });
		case 'overlap':
			return m.area_issue_overlap({ with: str(issue.with), area: num(issue.area_m2) });
		case 'address_points_uncovered':
			return m.area_issue_address_points_uncovered({
				count: num(issue.count),
				example: str(issue.example)
			});
		case 'address_points_elsewhere':
			return m.area_issue_address_points_elsewhere({ count: num(issue.count) });
		case 'partial':
			return m.area_issue_partial({ matched: num(issue.matched), total: num(issue.total) });
		case 'no_features':
			return m.area_issue_no_features();
		default:
			return m.area_issue_unknown({ code: issue.code });
	}
}
