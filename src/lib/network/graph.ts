import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Network, NetworkEdge, NetworkPartner } from './types';

// The one reading of a network that both the map and the links table use, so that they show the
// same partners and the same links (every line on the map is a row of the table).

/** A link with both partners resolved, in the order the network lists them. */
export interface NetworkLink extends NetworkEdge {
	id: string;
	partnerA: NetworkPartner;
	partnerB: NetworkPartner;
	/** Some of its activities are not published (staff view with drafts). */
	unpublished: boolean;
}

export function networkLinks(network: Network): NetworkLink[] {
	const byId = new Map(network.partners.map((p) => [p.id, p]));
	return network.edges.flatMap((edge) => {
		const partnerA = byId.get(edge.a);
		const partnerB = byId.get(edge.b);
		if (!partnerA || !partnerB) return [];
		return [
			{
				...edge,
				id: `${edge.a}:${edge.b}`,
				partnerA,
				partnerB,
				unpublished: edge.activities.some((a) => !a.published)
			}
		];
	});
}

export type PartnerFeature = Feature<
	Point,
	{ id: string; name: string; category: string; activities: number }
>;
export type LinkFeature = Feature<LineString, { id: string; a: string; b: string; count: number }>;

/**
 * The map's data: a point per partner at its resource, a line per link between two partners.
 * Ids ride in the properties (MapLibre keeps only integer feature ids).
 */
export function networkGeoJson(network: Network): {
	partners: FeatureCollection<Point, PartnerFeature['properties']>;
	links: FeatureCollection<LineString, LinkFeature['properties']>;
} {
	return {
		partners: {
			type: 'FeatureCollection',
			features: network.partners.map((p) => ({
				type: 'Feature',
				geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
				properties: { id: p.id, name: p.name, category: p.category, activities: p.activities }
			}))
		},
		links: {
			type: 'FeatureCollection',
			features: networkLinks(network).map((link) => ({
				type: 'Feature',
				geometry: {
					type: 'LineString',
					coordinates: [
						[link.partnerA.lon, link.partnerA.lat],
						[link.partnerB.lon, link.partnerB.lat]
					]
				},
				properties: { id: link.id, a: link.a, b: link.b, count: link.count }
			}))
		}
	};
}
