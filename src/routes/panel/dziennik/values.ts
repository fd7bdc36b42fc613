import {
	categoryLabel as programmeLabel,
	kindLabel as activityKindLabel,
	statusLabel as activityStatusLabel
} from '$lib/activities/labels';
import type { ActivityKind, ActivityStatus, ProgrammeCategory } from '$lib/activities/types';
import { categoryName, needKindLabel, statusLabel as needStatusLabel } from '$lib/map/labels';
import type { Category } from '$lib/types';
import { statusLabel as resourceStatusLabel } from '$lib/resources/labels';

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
			return activityStatusLabel(value as ActivityStatus);
		case 'activities.kind':
			return activityKindLabel(value as ActivityKind);
		case 'activities.programme_category':
			return programmeLabel(value as ProgrammeCategory);
		default:
			return value;
	}
}
