import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DERIVED_POINT, readRegionFolder } from './region-folder.ts';

const kramsk = readRegionFolder(join(import.meta.dirname, '../../../../data/regions/kramsk'));

describe('readRegionFolder (data/regions/kramsk)', () => {
	it('reads all localities, address points and the 13 documented sołectwa', () => {
		expect(kramsk.localities).toHaveLength(65);
		expect(kramsk.address_points).toHaveLength(3829);
		expect(kramsk.solectwa).toHaveLength(13);
		expect(kramsk.teryt).toBe('3010052');
	});

	it('labels derived points and keeps read coordinates with their source', () => {
		const patrzykow = kramsk.localities.find((l) => l.name === 'Patrzyków');
		expect(patrzykow).toMatchObject({
			lon: 18.349722,
			lat: 52.231111,
			population: 256,
			population_year: '2021'
		});
		expect(patrzykow?.point_source).toMatch(/^read from source/);
		const anielew = kramsk.localities.find((l) => l.name === 'Anielew');
		expect(anielew?.point_source).toBe(DERIVED_POINT);
		expect(anielew?.population).toBeNull();
	});

	it('keeps undated populations as "n.d." and lists sołectwo members', () => {
		const borki = kramsk.solectwa.find((s) => s.name === 'Borki');
		expect(borki).toMatchObject({
			population: 200,
			population_year: 'n.d.',
			localities: ['Borki', 'Stanisławów']
		});
		expect(kramsk.solectwa.find((s) => s.name === 'Barce')?.population).toBeNull();
	});
});
