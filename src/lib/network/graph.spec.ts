import { describe, expect, it } from 'vitest';
import { networkGeoJson, networkLinks } from './graph';
import type { Network, NetworkPartner } from './types';

const partner = (id: string, lon: number): NetworkPartner => ({
	id,
	name: id.toUpperCase(),
	category: 'kgw',
	category_label: 'Koło gospodyń wiejskich',
	lon,
	lat: 52.26,
	x: 100,
	y: 200,
	locality: null,
	villages: [],
	activities: 1,
	first_date: '2025-01-01',
	new: true
});

const network = (edges: Network['edges']): Network => ({
	year: 2025,
	category: null,
	with_drafts: false,
	partners: [partner('a', 18.41), partner('b', 18.42)],
	edges,
	activities: [],
	measures: {
		partners: 2,
		joint_activities: 1,
		new_partners: 2,
		quarters: [2, 0, 0, 0],
		villages_total: 1,
		villages_without: []
	},
	years: [2025]
});

const activity = (id: string, published: boolean) => ({
	id,
	title: id,
	date: '2025-02-01',
	published
});

describe('the network graph', () => {
	it('gives the table and the map the same links, one line between the two partners each', () => {
		const n = network([
			{ a: 'a', b: 'b', count: 2, activities: [activity('x', true), activity('y', false)] }
		]);
		const [link] = networkLinks(n);
		expect(link).toMatchObject({ id: 'a:b', count: 2, unpublished: true });
		expect(link.partnerA.name).toBe('A');
		const { links, partners } = networkGeoJson(n);
		expect(partners.features.map((f) => f.properties.id)).toEqual(['a', 'b']);
		expect(links.features).toEqual([
			{
				type: 'Feature',
				geometry: {
					type: 'LineString',
					coordinates: [
						[18.41, 52.26],
						[18.42, 52.26]
					]
				},
				properties: { id: 'a:b', a: 'a', b: 'b', count: 2 }
			}
		]);
	});

	it('leaves out a link whose partner is not in the network, in the table and on the map alike', () => {
		const n = network([{ a: 'a', b: 'gone', count: 1, activities: [activity('x', true)] }]);
		expect(networkLinks(n)).toEqual([]);
		expect(networkGeoJson(n).links.features).toEqual([]);
	});
});
