import type { MultiPolygon, Polygon } from 'geojson';
import type { NeedKind } from '$lib/vocab/need-kind';
import type { StepFree } from '$lib/vocab/step-free';

// Shapes of the planning SQL functions (supabase/migrations/20261205000900_places.sql), shared
// by the server and the panel page. Keep both in step.

export interface PlanningArea {
	kind: 'village' | 'solectwo';
	slug: string;
	name: string;
	localities: { name: string; slug: string; address_points: number }[];
	address_points: number;
	/** [west, south, east, north]; null for a sołectwo whose villages are not known yet. */
	bbox: [number, number, number, number] | null;
	geometry: MultiPolygon | Polygon | null;
}

export interface PlanningNeed {
	id: string;
	ref: string | null;
	kind: NeedKind;
	category: string;
	title: string;
	status: string;
	support_count: number;
	locality: string;
	lon: number;
	lat: number;
}

export interface PlanningNeeds {
	total: number;
	supports: number;
	by_category: {
		category: string;
		label_pl: string;
		label_en: string;
		count: number;
		supports: number;
	}[];
	by_kind: { kind: NeedKind; count: number }[];
	by_status: { status: string; count: number }[];
	top: PlanningNeed[];
}

/** A resource as the planning views list it (staff see drafts too, hence `status`). */
interface PlannedResource {
	id: string;
	name: string;
	category: string;
	label_pl: string;
	label_en: string;
	capacity: number | null;
	step_free: StepFree | null;
	status: string;
	locality: string | null;
}

export interface PlanningResource extends PlannedResource {
	/** 0 inside the area; otherwise straight-line metres to the area's outline. */
	distance_m: number;
	lon: number;
	lat: number;
}

export interface PlanningResources {
	radius_m: number;
	inside: PlanningResource[];
	nearby: PlanningResource[];
}

export interface CoverageRow {
	village: string;
	slug: string;
	address_points: number;
	covered: number;
	/** 0..1, 4 decimals; null when the village has no address points. */
	share: number | null;
	/** 1 = largest coverage gap (lowest share, then most uncovered address points). */
	gap_rank: number;
}

export interface AreaCoverage {
	category: string;
	max_m: number;
	address_points: number;
	covered: number;
	share: number | null;
}

export interface Venue extends PlannedResource {
	locality_slug: string | null;
	distance_m: number;
}

export interface VenueSuggestions {
	/** Selected needs the caller may read (their centroid is the reference point). */
	needs: number;
	centroid: [number, number] | null;
	venues: Venue[];
}

export interface Hotspot {
	cluster: number;
	count: number;
	supports: number;
	dominant_category: string;
	dominant_count: number;
	label_pl: string;
	label_en: string;
	lon: number;
	lat: number;
	radius_m: number;
	/** The grid cell in metres when the needs were counted per cell before clustering (many needs), else null. */
	grid_m: number | null;
	/** The needs of the cluster; null when clustered by grid cells. */
	need_ids: string[] | null;
}

export interface VillageSummaryApi {
	village: {
		name: string;
		slug: string;
		solectwa: string[];
		address_points: number;
		population: number | null;
		population_year: string | null;
	};
	needs: { total: number; by_category: Record<string, number> };
	resources: { total: number; by_category: Record<string, number> };
	activities: { planned: number; done: number };
}
