import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Diagnosis } from '$lib/diagnosis/types';
import type { DiagnosisFeatures } from './queries.ts';
import { figureRows } from './csv.ts';

// The GeoJSON export of a diagnosis: the area with the figures as
// properties, then the public points (published resources, public needs). The figures come
// from the same document as the CSV.

export function diagnosisGeojson(
	d: Diagnosis,
	f: DiagnosisFeatures
): FeatureCollection<Geometry | null> {
	const figures: Record<string, string> = {};
	for (const r of figureRows(d)) {
		if (r.section === 'scope') continue;
		figures[[r.section, r.category, r.metric].filter(Boolean).join('.')] = String(r.value);
	}
	const area: Feature<Geometry | null> = {
		type: 'Feature',
		geometry: f.area,
		properties: {
			kind: 'area',
			scope: d.scope.slug,
			scope_kind: d.scope.kind,
			name: d.scope.name,
			generated_at: d.generated_at,
			figures
		}
	};
	const resources: Feature[] = f.resources.map((r) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
		properties: { kind: 'resource', name: r.name, category: r.category }
	}));
	const needs: Feature[] = f.needs.map((n) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [n.lon, n.lat] },
		properties: {
			kind: 'need',
			ref: n.ref,
			title: n.title,
			category: n.category,
			status: n.status
		}
	}));
	return { type: 'FeatureCollection', features: [area, ...resources, ...needs] };
}
