import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Tx } from '../db/types.ts';

// Vector tiles of the public map (Mapbox Vector Tile 2.1, https://github.com/mapbox/vector-tile-spec).
// The SQL functions of migration …_tiles.sql give each layer's features for one tile under RLS.
// Where PostGIS was built with protobuf-c (PostgreSQL, Supabase) it encodes the tile itself
// (ST_AsMVT, public.<layer>_tile). PGlite's PostGIS was not, so there the same rows come back as
// GeoJSON and are cut and encoded here by MapLibre's own geojson-vt and vt-pbf, with the extent
// and buffer ST_AsMVTGeom uses, so both backends give the same tile.

export const TILE_LAYERS = ['needs', 'resources', 'villages'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** Tile units per side (MVT's usual extent; ST_AsMVT's default). */
export const TILE_EXTENT = 4096;

export interface TileAddress {
	z: number;
	x: number;
	y: number;
}

/** The filters each layer's tiles take; absent means none. */
export interface TileFilters {
	kind?: string | null;
	category?: string | null;
	status?: string | null;
}

interface LayerSql {
	/** `public.<layer>_tile`: the MVT, or null without protobuf-c. */
	mvt: string;
	/** The same rows as GeoJSON geometry text and a JSON object of the other columns. */
	rows: string;
	params: (region: string, t: TileAddress, f: TileFilters) => unknown[];
	/** Polygons keep a buffer so that outlines meet across tile edges; points need none. */
	buffer: number;
	/** The column that becomes the feature id (numbers only, MVT ids are unsigned integers). */
	featureId?: string;
}

const rowsOf = (fn: string, args: string) =>
	`select extensions.st_asgeojson(w.geom, 7) as geometry, to_jsonb(w) - 'geom' as properties
	 from public.${fn}(${args}) w`;

const LAYERS: Record<TileLayer, LayerSql> = {
	needs: {
		mvt: 'select public.needs_tile($1, $2, $3, $4, $5, $6, $7) as v',
		rows: rowsOf('need_tile_rows', '$1, $2, $3, $4, $5, $6, $7'),
		params: (region, t, f) => [
			region,
			t.z,
			t.x,
			t.y,
			f.kind ?? null,
			f.category ?? null,
			f.status ?? null
		],
		buffer: 0
	},
	resources: {
		mvt: 'select public.resources_tile($1, $2, $3, $4, $5) as v',
		rows: rowsOf('resource_tile_rows', '$1, $2, $3, $4, $5'),
		params: (region, t, f) => [region, t.z, t.x, t.y, f.category ?? null],
		buffer: 0
	},
	villages: {
		mvt: 'select public.villages_tile($1, $2, $3, $4) as v',
		rows: rowsOf('village_tile_rows', '$1, $2, $3, $4'),
		params: (region, t) => [region, t.z, t.x, t.y],
		buffer: 64,
		featureId: 'id'
	}
};

/** Encodes GeoJSON features of one tile as an MVT layer named `layer`. */
export function encodeTile(
	layer: string,
	features: Feature[],
	t: TileAddress,
	buffer: number
): Uint8Array {
	const collection: FeatureCollection = { type: 'FeatureCollection', features };
	const tile = geoJSONToTile(collection, t.z, t.x, t.y, {
		extent: TILE_EXTENT,
		buffer,
		// Simplification to about one tile unit, as ST_AsMVTGeom's snapping to the tile grid does.
		tolerance: 1,
		maxZoom: Math.max(t.z, 1)
	});
	return fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_EXTENT });
}

/** One tile of `layer` as the requester may see it (RLS), encoded as MVT. */
export async function readTile(
	tx: Tx,
	layer: TileLayer,
	region: string,
	t: TileAddress,
	filters: TileFilters = {}
): Promise<Uint8Array> {
	const sql = LAYERS[layer];
	const params = sql.params(region, t, filters);
	// The database answers null at once when it cannot encode (one cheap call on PGlite).
	const [row] = await tx.query<{ v: Uint8Array | null }>(sql.mvt, params);
	if (row.v !== null) return row.v;
	const rows = await tx.query<{ geometry: string; properties: Record<string, unknown> }>(
		sql.rows,
		params
	);
	const features = rows.map((row): Feature => {
		// ST_AsMVT moves the feature id column out of the properties; so does this.
		const { [sql.featureId ?? '']: id, ...properties } = row.properties;
		return {
			type: 'Feature',
			...(typeof id === 'number' || typeof id === 'string' ? { id: Number(id) } : {}),
			geometry: JSON.parse(row.geometry) as Geometry,
			properties: sql.featureId ? properties : row.properties
		};
	});
	return encodeTile(layer, features, t, sql.buffer);
}
