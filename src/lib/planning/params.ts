// Query parameters of /panel/planowanie. The page is a GET form, so it works
// without JavaScript and every view can be linked: ?wies=kramsk&r=3000&kategoria=swietlica.

export const DEFAULT_RADIUS_M = 3000;
import { UUID } from '$lib/uuid';
export const DEFAULT_REACH_M = 2000;
export const DEFAULT_CATEGORY = 'swietlica';
/**
 * DBSCAN parameters of the hotspots: at least 3 needs within 500 m of each other, among those
 * reported in the last 12 months (the window bounds the cost at any number of needs).
 */
export const HOTSPOT_EPS_M = 500;
export const HOTSPOT_MIN_NEEDS = 3;
export const HOTSPOT_MONTHS = 12;

export type PlanningParamError = 'radius' | 'reach' | 'capacity' | 'slug';

export interface PlanningParams {
	village: string | null;
	solectwo: string | null;
	/** Resources "nearby": straight-line metres from the area's outline. */
	radius: number;
	/** Coverage: a category of resources and a straight-line distance in metres. */
	category: string;
	reach: number;
	/** Venue search: the needs the activity addresses (ids), minimum capacity, step-free access. */
	needs: string[];
	minCapacity: number | null;
	stepFree: boolean;
	errors: PlanningParamError[];
}

const SLUG = /^[a-z0-9-]{1,80}$/;

function integer(raw: string | null, min: number, max: number): number | null | 'bad' {
	const text = raw?.trim() ?? '';
	if (text === '') return null;
	if (!/^[0-9]{1,6}$/.test(text)) return 'bad';
	const value = Number(text);
	return value >= min && value <= max ? value : 'bad';
}

function slug(raw: string | null, errors: PlanningParamError[]): string | null {
	const text = raw?.trim() ?? '';
	if (text === '') return null;
	if (SLUG.test(text)) return text;
	errors.push('slug');
	return null;
}

/** Lenient: a bad value falls back to its default and is reported, so the page still shows. */
export function parsePlanningParams(search: URLSearchParams): PlanningParams {
	const errors: PlanningParamError[] = [];
	const village = slug(search.get('wies'), errors);
	// A village wins over a sołectwo when both are picked.
	const solectwo = village ? null : slug(search.get('solectwo'), errors);
	const radius = integer(search.get('r'), 0, 50000);
	if (radius === 'bad') errors.push('radius');
	const reach = integer(search.get('zasieg'), 1, 50000);
	if (reach === 'bad') errors.push('reach');
	const capacity = integer(search.get('pojemnosc'), 0, 100000);
	if (capacity === 'bad') errors.push('capacity');
	const needs = [
		...new Set(
			search
				.getAll('potrzeba')
				.flatMap((v) => v.split(','))
				.map((v) => v.trim().toLowerCase())
				.filter((v) => UUID.test(v))
		)
	].slice(0, 100);
	return {
		village,
		solectwo,
		radius: typeof radius === 'number' ? radius : DEFAULT_RADIUS_M,
		category: slug(search.get('kategoria'), errors) ?? DEFAULT_CATEGORY,
		reach: typeof reach === 'number' ? reach : DEFAULT_REACH_M,
		needs,
		minCapacity: typeof capacity === 'number' ? capacity : null,
		stepFree: search.get('bez_barier') === 'tak',
		errors
	};
}

/** The activities form (/panel/dzialania/nowe) reads exactly these parameters. */
export function planActivityHref(
	village: string | null,
	venue: string,
	needs: string[]
): `/panel/dzialania/nowe?${string}` {
	const query = new URLSearchParams();
	if (village) query.set('wies', village);
	query.set('venue', venue);
	if (needs.length > 0) query.set('needs', needs.join(','));
	return `/panel/dzialania/nowe?${query.toString().replaceAll('%2C', ',')}`;
}
