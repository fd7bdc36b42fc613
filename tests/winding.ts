// The ring orientation RFC 7946 §3.1.6 asks of GeoJSON polygons: exterior rings counter-clockwise,
// holes clockwise. Checked on any JSON the app serves: every Polygon and MultiPolygon found in it,
// however deeply nested (FeatureCollections, Features, or a page's data).

type Position = readonly number[];

/**
 * Twice the signed area of a closed ring in the lon/lat plane (the shoelace formula): positive
 * when the ring runs counter-clockwise, negative when clockwise.
 */
export function signedArea(ring: readonly Position[]): number {
	let sum = 0;
	for (let i = 0; i + 1 < ring.length; i++) {
		sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	}
	return sum;
}

export interface WindingReport {
	/** How many polygons were checked (a MultiPolygon counts each of its polygons). */
	polygons: number;
	/** How many of those had holes. */
	holes: number;
	/** One line per wrongly wound ring, naming where it was found. */
	errors: string[];
}

/** Checks every polygon in `json`; `where` prefixes the error lines (a URL, a function). */
export function checkWinding(json: unknown, where: string): WindingReport {
	const report: WindingReport = { polygons: 0, holes: 0, errors: [] };
	const polygon = (rings: readonly (readonly Position[])[], path: string) => {
		report.polygons++;
		if (rings.length > 1) report.holes++;
		rings.forEach((ring, i) => {
			const area = signedArea(ring);
			const ok = i === 0 ? area > 0 : area < 0;
			if (!ok) {
				const want = i === 0 ? 'exterior ring counter-clockwise' : `hole ${i} clockwise`;
				report.errors.push(`${where} ${path}: ${want} expected, signed area ${area}`);
			}
		});
	};
	const walk = (node: unknown, path: string) => {
		if (Array.isArray(node)) {
			node.forEach((child, i) => walk(child, `${path}[${i}]`));
			return;
		}
		if (typeof node !== 'object' || node === null) return;
		const { type, coordinates } = node as { type?: unknown; coordinates?: unknown };
		if (type === 'Polygon' && Array.isArray(coordinates)) {
			polygon(coordinates, path);
		} else if (type === 'MultiPolygon' && Array.isArray(coordinates)) {
			coordinates.forEach((rings, i) => polygon(rings, `${path}[${i}]`));
		} else {
			for (const [key, child] of Object.entries(node)) walk(child, `${path}.${key}`);
		}
	};
	walk(json, '$');
	return report;
}
