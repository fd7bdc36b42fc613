import { circle } from '@turf/circle';
import { distance } from '@turf/distance';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';

// Instant previews for the planning map. Figures the panel reports come from
// SQL (EPSG:2180); turf only draws what a radius or a ruler would look like before asking.

export type LngLat = [number, number];

/** A circle of `radiusM` metres around `center`, as a polygon of 64 steps. */
export function radiusCircle(center: LngLat, radiusM: number): Feature<Polygon> {
	return circle(center, Math.max(radiusM, 1) / 1000, { steps: 64, units: 'kilometers' });
}

/** Straight-line (great-circle) distance in whole metres. */
export function rulerMetres(a: LngLat, b: LngLat): number {
	return Math.round(distance(a, b, { units: 'kilometers' }) * 1000);
}

export function toolFeatures(
	center: LngLat | null,
	radiusM: number,
	ruler: LngLat[]
): FeatureCollection<Geometry> {
	const features: Feature<Geometry>[] = [];
	if (center) features.push({ ...radiusCircle(center, radiusM), properties: { tool: 'circle' } });
	if (ruler.length === 2)
		features.push({
			type: 'Feature',
			properties: { tool: 'ruler' },
			geometry: { type: 'LineString', coordinates: ruler }
		});
	for (const point of ruler)
		features.push({
			type: 'Feature',
			properties: { tool: 'ruler-end' },
			geometry: { type: 'Point', coordinates: point }
		});
	return { type: 'FeatureCollection', features };
}

/** Hotspots as circles around their centroid, at least 100 m so a tight cluster stays visible. */
export function hotspotFeatures(
	hotspots: { cluster: number; lon: number; lat: number; radius_m: number }[]
): FeatureCollection<Polygon> {
	return {
		type: 'FeatureCollection',
		features: hotspots.map((h) => ({
			...radiusCircle([h.lon, h.lat], Math.max(h.radius_m, 100)),
			properties: { cluster: h.cluster }
		}))
	};
}

export function areaFeature(geometry: MultiPolygon | Polygon | null): FeatureCollection {
	return {
		type: 'FeatureCollection',
		features: geometry ? [{ type: 'Feature', properties: {}, geometry }] : []
	};
}

/** Centre of a bounding box, the circle's starting point before the first click. */
export function bboxCenter([west, south, east, north]: [number, number, number, number]): LngLat {
	return [(west + east) / 2, (south + north) / 2];
}

/**
 * Widens a bounding box to at least `ratio` (width : height, in ground distance), so a tall
 * village fits a wide map: MapView keeps the view inside the padded bounds, which would
 * otherwise force a zoom that cuts the village off.
 */
export function fitAspect(
	[west, south, east, north]: [number, number, number, number],
	ratio: number
): [number, number, number, number] {
	const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
	const width = (east - west) * cos;
	const height = north - south;
	if (width >= height * ratio) {
		const grow = (width / ratio - height) / 2;
		return [west, south - grow, east, north + grow];
	}
	const grow = (height * ratio - width) / 2 / cos;
	return [west - grow, south, east + grow, north];
}
