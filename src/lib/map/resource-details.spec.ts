import { describe, expect, it } from 'vitest';
import { resourceDetails } from './resource-details.ts';

describe('resourceDetails', () => {
	it('lists capacity, step-free access and amenities from fetch or vector tile properties', () => {
		const lines = ['do 60 osób', 'bez schodów: częściowo', 'Udogodnienia: kuchnia, wifi'];
		expect(
			resourceDetails({ capacity: 60, step_free: 'partly', amenities: ['kitchen', 'wifi'] })
		).toEqual(lines);
		// A vector tile carries the amenities as one comma-separated text.
		expect(
			resourceDetails({ capacity: 60, step_free: 'partly', amenities: 'kitchen,wifi' })
		).toEqual(lines);
	});

	it('says nothing when the register does not know', () => {
		expect(resourceDetails({ capacity: null, step_free: null, amenities: [] })).toEqual([]);
		expect(resourceDetails({})).toEqual([]);
		// A tile's text of no amenities.
		expect(resourceDetails({ amenities: '' })).toEqual([]);
	});
});
