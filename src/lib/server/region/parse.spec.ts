import { describe, expect, it } from 'vitest';
import { zip, zippedShapefile } from '../../../../tests/fixtures/synthetic-shapefile.ts';
import { guessSrid, parseBoundaryUpload, parseGeojson, sridOfCrs } from './parse.ts';

// SYNTHETIC squares only (tests/fixtures/synthetic-shapefile.ts); no real boundaries.
// Two 1 km squares in EPSG:2180 metres near Kramsk (about 18.43 E, 52.26 N).
const SQUARES = [
	{ name: 'Syntetyczny kwadrat Ą', x: 452_000, y: 477_000, size: 1000 },
	{ name: 'Syntetyczny kwadrat B', x: 453_000, y: 477_000, size: 1000 }
];

const enc = (s: string) => new TextEncoder().encode(s);

function ring(geometry: unknown): number[][] {
	return (geometry as { coordinates: number[][][] }).coordinates[0];
}

describe('zipped Shapefile', () => {
	it('with an EPSG:2180 .prj: reprojected to WGS84 by shpjs, attribute names read', async () => {
		const result = await parseBoundaryUpload(zippedShapefile(SQUARES, { prj: true }));
		expect(result).toMatchObject({ ok: true, format: 'shapefile', srid: 4326, sridGuessed: false });
		if (!result.ok) return;
		expect(result.features.map((f) => f.name)).toEqual(SQUARES.map((s) => s.name));
		const [lon, lat] = ring(result.features[0].geometry)[0];
		// PUWG 1992 (452 000, 477 000) lies near Kramsk.
		expect(lon).toBeGreaterThan(18.2);
		expect(lon).toBeLessThan(18.6);
		expect(lat).toBeGreaterThan(52.1);
		expect(lat).toBeLessThan(52.4);
		expect(ring(result.features[0].geometry)).toHaveLength(5);
	});

	it('without a .prj: metre coordinates are recognised as EPSG:2180 and kept', async () => {
		const result = await parseBoundaryUpload(zippedShapefile(SQUARES));
		expect(result).toMatchObject({ ok: true, srid: 2180, sridGuessed: true });
		if (!result.ok) return;
		expect(ring(result.features[1].geometry)).toContainEqual([454_000, 478_000]);
		expect(result.features[1]).toMatchObject({ name: 'Syntetyczny kwadrat B', srid: 2180 });
	});

	it('a zip without a Shapefile is refused', async () => {
		const result = await parseBoundaryUpload(zip({ 'readme.txt': 'synthetic' }));
		expect(result).toMatchObject({ ok: false, error: 'zip_unreadable' });
	});
});

describe('GeoJSON', () => {
	const square = (x: number, y: number, d: number) => ({
		type: 'Polygon',
		coordinates: [
			[
				[x, y],
				[x + d, y],
				[x + d, y + d],
				[x, y + d],
				[x, y]
			]
		]
	});
	const fc = (features: unknown[], extra: Record<string, unknown> = {}) =>
		JSON.stringify({ type: 'FeatureCollection', ...extra, features });

	it('lon/lat features with name, slug and SIMC in any key case', () => {
		const result = parseGeojson(
			fc([
				{
					type: 'Feature',
					properties: { NAZWA: 'Anielew', SIMC: '0123456' },
					geometry: square(18.3, 52.2, 0.01)
				},
				{
					type: 'Feature',
					properties: { slug: 'barce', simc: 987 },
					geometry: square(18.4, 52.2, 0.01)
				}
			])
		);
		expect(result).toMatchObject({ ok: true, format: 'geojson', srid: 4326, sridGuessed: false });
		if (!result.ok) return;
		expect(result.features[0]).toMatchObject({ name: 'Anielew', simc: '0123456', srid: 4326 });
		expect(result.features[1]).toMatchObject({ slug: 'barce', simc: '987' });
	});

	it('EPSG:2180 via the crs member, or guessed from metre-range coordinates', () => {
		const metric = [{ type: 'Feature', properties: {}, geometry: square(452_000, 477_000, 1000) }];
		const crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2180' } };
		expect(parseGeojson(fc(metric, { crs }))).toMatchObject({
			ok: true,
			srid: 2180,
			sridGuessed: false
		});
		expect(parseGeojson(fc(metric))).toMatchObject({ ok: true, srid: 2180, sridGuessed: true });
	});

	it('refuses other CRSs, unknown coordinate ranges, non-collections, bad JSON and empty files', async () => {
		const f = [{ type: 'Feature', properties: {}, geometry: square(18.3, 52.2, 0.01) }];
		expect(
			parseGeojson(fc(f, { crs: { type: 'name', properties: { name: 'EPSG:3857' } } }))
		).toMatchObject({
			ok: false,
			error: 'unsupported_crs'
		});
		const far = [{ type: 'Feature', properties: {}, geometry: square(2_000_000, 6_800_000, 100) }];
		expect(parseGeojson(fc(far))).toMatchObject({ ok: false, error: 'unknown_coordinates' });
		expect(parseGeojson('{"type":"Polygon","coordinates":[]}')).toMatchObject({
			ok: false,
			error: 'not_feature_collection'
		});
		expect(parseGeojson('{oops')).toMatchObject({ ok: false, error: 'not_json' });
		expect(parseGeojson(fc([]))).toMatchObject({ ok: false, error: 'empty' });
		expect(await parseBoundaryUpload(new Uint8Array())).toMatchObject({
			ok: false,
			error: 'empty'
		});
	});

	it('reads a UTF-8 file with a byte-order mark, and a single Feature', async () => {
		const one = { type: 'Feature', properties: { name: 'Ł' }, geometry: square(18.3, 52.2, 0.01) };
		const result = await parseBoundaryUpload(enc('\uFEFF' + JSON.stringify(one)));
		expect(result).toMatchObject({ ok: true, features: [{ name: 'Ł', srid: 4326 }] });
	});

	it('knows the CRS names of GeoJSON 2008', () => {
		expect(sridOfCrs({ type: 'name', properties: { name: 'EPSG:2180' } })).toBe(2180);
		expect(sridOfCrs({ type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } })).toBe(
			4326
		);
		expect(sridOfCrs(undefined)).toBeUndefined();
		expect(guessSrid([{ geometry: null }])).toBe(4326);
	});
});
