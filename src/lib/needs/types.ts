// The public page of a need as public.need_page returns it
// (supabase/migrations/20261205001600_need_pages.sql).

export interface NeedPageEvent {
	status: string;
	note: string | null;
	at: string;
}

export interface NeedPageActivity {
	id: string;
	title: string;
	status: string;
	starts_at: string | null;
}

export interface NearbyNeed {
	ref: string;
	title: string;
	kind: string;
	status: string;
	support_count: number;
	distance_m: number;
}

/** The village (or gmina) outline in metres from its top-left corner, y down, and the point. */
export interface NeedPageMap {
	width: number;
	height: number;
	outline: string;
	point: [number, number];
}

export interface NeedPage {
	id: string;
	ref: string;
	kind: string;
	category: string;
	category_label: string;
	title: string;
	description: string;
	status: string;
	support_count: number;
	created_at: string;
	updated_at: string;
	is_demo: boolean;
	lon: number;
	lat: number;
	locality: { name: string; slug: string } | null;
	photo: { storage_key: string; width: number; height: number } | null;
	timeline: NeedPageEvent[];
	activities: NeedPageActivity[];
	nearby: NearbyNeed[];
	map: NeedPageMap | null;
}

/**
 * The needs and resources of one village as the map's GeoJSON properties (its layers filtered to
 * the village): what the home page lists under the chosen village, loaded on the server.
 */
export interface VillageItemsData {
	needs: readonly Record<string, unknown>[];
	resources: readonly Record<string, unknown>[];
}
