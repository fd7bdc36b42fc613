import type { Category } from '$lib/types';
import { activityKindLabel } from '$lib/vocab/activity-kind';
import { programmeCategoryLabel } from '$lib/vocab/activity-programme';
import { activityStatusLabel } from '$lib/vocab/activity-status';
import { categoryName } from '$lib/vocab/categories';
import { needKindLabel } from '$lib/vocab/need-kind';
import { needStatusLabel } from '$lib/vocab/need-status';
import { resourceStatusLabel } from '$lib/vocab/resource-status';

/**
 * Stored codes (status, kind, category slugs — Polish words) shown as labels in the page's
 * language, so the English audit log reads in English too. Other values as stored.
 */
export function valueLabel(
	table: string,
	field: string,
	value: string | null,
	categories: { need: readonly Category[]; resource: readonly Category[] }
): string | null {
	if (value === null) return null;
	const category = (list: readonly Category[]) => {
		const found = list.find((c) => c.slug === value);
		return found ? categoryName(found) : value;
	};
	switch (`${table}.${field}`) {
		case 'needs.status':
		case 'need_events.status':
			return needStatusLabel(value);
		case 'needs.kind':
			return needKindLabel(value);
		case 'needs.category':
			return category(categories.need);
		case 'resources.category':
			return category(categories.resource);
		case 'resources.status':
			return resourceStatusLabel(value);
		case 'activities.status':
			return activityStatusLabel(value);
		case 'activities.kind':
			return activityKindLabel(value);
		case 'activities.programme_category':
			return programmeCategoryLabel(value);
		default:
			return value;
	}
}
