// shpjs ships no types; only the function used here (zipped Shapefile uploads).
declare module 'shpjs' {
	interface ShpFeatureCollection {
		type: 'FeatureCollection';
		features: { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> }[];
		fileName?: string;
	}
	/** Reads a zipped Shapefile; reprojects to WGS84 when the zip has a .prj file. */
	export function parseZip(
		buffer: ArrayBuffer | Uint8Array,
		whiteList?: string[]
	): Promise<ShpFeatureCollection | ShpFeatureCollection[]>;
}
