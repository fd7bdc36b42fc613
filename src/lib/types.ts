// Shapes shared by the server (SQL function results) and the browser.
// The SQL functions in supabase/migrations produce exactly these; keep both in step.

/** One locality ("village") as listed beside the map; the accessible alternative to the map. */
export interface VillageSummary {
	id: number;
	name: string;
	slug: string;
	/** Names of the sołectwa the locality belongs to; empty when the source does not say (never guessed). */
	solectwa: string[];
	address_points: number;
	/** Published resources and needs located in the locality's approximate area. */
	resources: number;
	needs: number;
	population: number | null;
	population_year: string | null;
	/** Label point: derived from PRG address points (median), not an official coordinate. */
	label_lon: number;
	label_lat: number;
	/** [west, south, east, north] of the area. */
	bbox: [number, number, number, number];
	/** Whether the area is derived by the app or an official boundary uploaded by the gmina. */
	area_source: 'approximate' | 'official';
	area_source_note: string | null;
}

/**
 * The villages as a static SVG map (public.villages_svg): SVG path data in units of a box whose
 * longer side is 1000, y down, drawn on the server before MapLibre loads.
 */
export interface VillagesSvg {
	width: number;
	height: number;
	/** The region boundary. */
	outline: string;
	villages: { id: number; slug: string; name: string; d: string; x: number; y: number }[];
}

/** A public need or idea as listed beside the map (a subset of the needs.geojson properties). */
export interface NeedListItem {
	ref: string;
	kind: string;
	title: string;
	category: string;
	category_label: string;
	status: string;
	support_count: number;
	locality: string | null;
	locality_slug: string | null;
}

export interface RegionSummary {
	slug: string;
	name: string;
	teryt: string;
	bbox: [number, number, number, number];
	area_km2: number;
	/** Locality areas that are official boundaries, of all. */
	areas: { official: number; total: number };
}

/**
 * One result of the address search: a locality (the village itself, listed first) or a PRG
 * address point. A locality has its area's bounding box and no house number.
 */
export type AddressHit = {
	label: string;
	locality: string;
	/** The locality's slug (`/?wies=<slug>`), for addresses too. */
	slug: string;
	street: string | null;
	lon: number;
	lat: number;
} & (
	| { kind: 'locality'; housenumber: null; bbox: [number, number, number, number] }
	| { kind: 'address'; housenumber: string; bbox: null }
);

export interface Category {
	slug: string;
	label_pl: string;
	label_en: string;
	color: string;
}

/** Staff roles: council is read-only, admin also manages users and settings. */
export type StaffRole = 'organizer' | 'council' | 'admin';
