import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Diagnosis } from '$lib/diagnosis/types';
import type { DiagnosisFeatures } from './queries.ts';
import { figureRows } from './csv.ts';

// The GeoJSON export of a diagnosis: the area with the figures as
// properties, then the public points (published resources, public needs). The figures come
// from the same document as the CSV. The needs come in pages (public.diagnosis_features): the
// first page carries the area and the resources too, and a page with more after it ends with
// the foreign member "next_after" (RFC 7946 §6.1), as /api/needs.geojson does.

export type DiagnosisCollection = FeatureCollection<Geometry | null> & { next_after?: string };

/** One page of the export: `d` (the diagnosis) on the first page, null on the later ones. */
export function diagnosisGeojson(d: Diagnosis | null, f: DiagnosisFeatures): DiagnosisCollection {
	const head: Feature<Geometry | null>[] = [];
	if (d) {
		const figures: Record<string, string> = {};
		for (const r of figureRows(d)) {
			if (r.section === 'scope') continue;
			figures[[r.section, r.category, r.metric].filter(Boolean).join('.')] = String(r.value);
		}
		head.push({
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
		});
	}
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
	const features = [...head, ...resources, ...needs];
	return f.next_after
		? { type: 'FeatureCollection', features, next_after: f.next_after }
		: { type: 'FeatureCollection', features };
}
