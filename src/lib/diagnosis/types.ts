// The diagnosis document, as returned by public.diagnosis in
// supabase/migrations/20261205001100_diagnosis.sql. Every count is exact, for everyone: the
// function counts only items that are public one by one (see $lib/suppress).

import type { DiagnosisStatus } from '$lib/vocab/diagnosis-status';

export type Count = number;
export type ScopeKind = 'village' | 'solectwo' | 'gmina';

export interface Labelled {
	category: string;
	label_pl: string;
	label_en: string;
}

export interface Totals {
	needs: Count;
	supports: Count;
	resources: Count;
	activities_planned: Count;
	activities_done: Count;
}

export interface Narrative {
	body: string;
	status: DiagnosisStatus;
	published_at: string | null;
	updated_at: string;
}

export interface DiagnosisMap {
	width: number;
	height: number;
	/** SVG path data of the outline, metres from the top-left corner, y down. */
	outline: string;
	/** [x, y, category] in the same coordinates. */
	resources: [number, number, string][];
	/** Every need as a point, up to 2,000 needs; empty beyond, when `need_grid` counts them instead. */
	needs: [number, number, string][];
	/** Beyond 2,000 needs: the cell size (metres) and [x, y, count] of each occupied cell's centre. */
	need_grid: { cell: number; cells: [number, number, number][] } | null;
}

/** The opacity of a grid cell of the static map: 0.25 for one need, 1 for the fullest cell. */
export const cellShade = (count: number, max: number) =>
	0.25 + 0.75 * Math.sqrt(Math.max(count - 1, 0) / Math.max(max - 1, 1));

/** The largest count of a cell of the grid, 0 without a grid. */
export const gridMax = (map: Partial<Pick<DiagnosisMap, 'need_grid'>>) =>
	map.need_grid ? Math.max(0, ...map.need_grid.cells.map((c) => c[2])) : 0;

export interface Diagnosis {
	scope: {
		kind: ScopeKind;
		slug: string;
		name: string;
		address_points: number;
		villages: { name: string; slug: string }[];
	};
	generated_at: string;
	totals: Totals;
	gmina: (Totals & { name: string }) | null;
	narrative: Narrative | null;
	resources: { total: Count; by_category: (Labelled & { count: Count })[] };
	needs: {
		total: Count;
		supports: Count;
		by_category: (Labelled & { count: Count; supports: Count; done: Count })[];
		by_status: { status: string; count: Count }[];
		top: { ref: string; title: string; category: string; status: string; supports: Count }[];
	};
	coverage: {
		reach_m: number;
		by_category: (Labelled & {
			address_points: number;
			covered: number;
			/** Published resources of the category anywhere in the gmina. */
			gmina_resources: number;
			/** The same coverage share for the whole gmina's address points. */
			gmina_share: number | null;
			share: number | null;
		})[];
	};
	hotspots: (Labelled & { count: Count; supports: Count })[];
	activities: {
		planned: Count;
		done: Count;
		needs_addressed: Count;
		items: {
			title: string;
			status: string;
			kind: string;
			starts_at: string | null;
			needs: { ref: string; title: string; status: string }[];
		}[];
	};
	trend: {
		months: { month: string; reported: Count; resolved: Count }[];
		quarters: { quarter: string; done: Count }[];
	};
	map: DiagnosisMap | null;
}

export interface ScopeChoice {
	slug: string;
	name: string;
	status: DiagnosisStatus | null;
}

export interface DiagnosisScopes {
	gmina: ScopeChoice;
	solectwa: ScopeChoice[];
	villages: ScopeChoice[];
}

/** Coverage below this share counts as a coverage gap. */
export const GAP_SHARE = 0.5;
