import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';

export type Boundary = Polygon | MultiPolygon;

/** 'unknown' when the boundary could not be loaded (offline, first visit): the server decides. */
export type PlaceCheck = 'inside' | 'outside' | 'unknown';

function isBoundary(value: unknown): value is Boundary {
	if (typeof value !== 'object' || value === null) return false;
	const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
	return (type === 'Polygon' || type === 'MultiPolygon') && Array.isArray(coordinates);
}

/** The boundary from /api/region.geojson (a Feature, a FeatureCollection or a bare geometry). */
export function boundaryOf(geojson: unknown): Boundary | null {
	if (isBoundary(geojson)) return geojson;
	if (typeof geojson !== 'object' || geojson === null) return null;
	const { geometry, features } = geojson as { geometry?: unknown; features?: unknown };
	if (isBoundary(geometry)) return geometry;
	if (Array.isArray(features)) {
		for (const feature of features) {
			const found = boundaryOf(feature);
			if (found) return found;
		}
	}
	return null;
}

let pending: Promise<Boundary | null> | null = null;

/**
 * Loads the gmina boundary once per page. A failed load is forgotten, so the next check tries
 * again (the service worker serves it from its cache when offline).
 */
export function loadBoundary(url: string): Promise<Boundary | null> {
	pending ??= fetch(url, { headers: { accept: 'application/geo+json, application/json' } })
		.then(async (response) => {
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const boundary = boundaryOf(await response.json());
			if (!boundary) throw new Error('no polygon in the region GeoJSON');
			return boundary;
		})
		.catch((error: unknown) => {
			console.error(error);
			pending = null;
			return null;
		});
	return pending;
}

export function checkPoint(boundary: Boundary | null, lon: number, lat: number): PlaceCheck {
	if (!boundary) return 'unknown';
	return booleanPointInPolygon([lon, lat], boundary) ? 'inside' : 'outside';
}

/** Six decimals (about 10 cm), as the API returns coordinates. */
export function formatCoordinate(value: number): string {
	return value.toFixed(6);
}
