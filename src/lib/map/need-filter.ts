import { NEED_KINDS, type NeedKind } from '../vocab/need-kind.ts';

/**
 * The map's need filters: kind, category and status group. They live in the page's query
 * (`?rodzaj=idea&kategoria=drogi&stan=done`), so one state drives the map, the keyboard list
 * and the server-rendered lists alike, a filtered view can be linked, and the filter form works
 * as a plain GET form without JavaScript.
 */

/** Open: published and every step before done; done: realised. */
export const NEED_STATUS_GROUPS = ['open', 'done'] as const;
export type NeedStatusGroup = (typeof NEED_STATUS_GROUPS)[number];

export interface NeedFilter {
	kind: NeedKind | null;
	category: string | null;
	status: NeedStatusGroup | null;
}

/** Query parameter of each filter, in Polish like `?wies=`. */
export const NEED_FILTER_PARAMS = {
	kind: 'rodzaj',
	category: 'kategoria',
	status: 'stan'
} as const satisfies Record<keyof NeedFilter, string>;

export const NO_NEED_FILTER: NeedFilter = { kind: null, category: null, status: null };

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
	values.find((candidate) => candidate === value) ?? null;

/**
 * The filter in `params`. A value that is not one of the choices (an old link, a typo) means no
 * filter on that field, so a page never fails over its query.
 */
export function needFilterFrom(params: URLSearchParams, categories: readonly string[]): NeedFilter {
	return {
		kind: oneOf(NEED_KINDS, params.get(NEED_FILTER_PARAMS.kind)),
		category: oneOf(categories, params.get(NEED_FILTER_PARAMS.category)),
		status: oneOf(NEED_STATUS_GROUPS, params.get(NEED_FILTER_PARAMS.status))
	};
}

/** `params` with the filter's parameters replaced by `filter` (the rest, such as ?wies, kept). */
export function withNeedFilter(params: URLSearchParams, filter: NeedFilter): URLSearchParams {
	const names: readonly string[] = Object.values(NEED_FILTER_PARAMS);
	const kept = [...params].filter(([key]) => !names.includes(key));
	const set = (Object.keys(NEED_FILTER_PARAMS) as (keyof NeedFilter)[])
		.filter((key) => filter[key] !== null)
		.map((key) => [NEED_FILTER_PARAMS[key], String(filter[key])]);
	return new URLSearchParams([...kept, ...set]);
}

export const isNeedFiltered = (filter: NeedFilter): boolean =>
	filter.kind !== null || filter.category !== null || filter.status !== null;

/** True when a need (GeoJSON properties or a list item) passes the filter. */
export function matchesNeedFilter(
	need: { kind?: unknown; category?: unknown; status?: unknown },
	filter: NeedFilter
): boolean {
	if (filter.kind !== null && need.kind !== filter.kind) return false;
	if (filter.category !== null && need.category !== filter.category) return false;
	if (filter.status === 'done') return need.status === 'done';
	if (filter.status === 'open') return need.status !== 'done';
	return true;
}
