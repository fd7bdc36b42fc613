import type { Metric, MetricValue, Range } from './metrics';

/** One slide of /prezentacja, as it leaves the server: counts are display strings. */
export interface PresentationVillage {
	id: number;
	slug: string;
	name: string;
	solectwo: string | null;
	bbox: [number, number, number, number];
	/** Label point [lon, lat] (median of the village's PRG address points). */
	label: [number, number];
	addressPoints: number;
	/** Public needs (exact: each is on the public map). */
	needs: string;
	/** Supports of public needs (exact: each need's count is on the public map). */
	supports: string;
	resources: number;
	metrics: Record<Metric, MetricValue>;
	/** Map class code per metric (see CLASS in ./metrics). */
	classes: Record<Metric, number>;
	resourcesByCategory: { category: string; label_pl: string; label_en: string; names: string[] }[];
	topNeeds: {
		title: string;
		category: string;
		label_pl: string;
		label_en: string;
		supports: string;
	}[];
	activities: { title: string; date: string | null }[];
}

export interface PresentationData {
	/** In slide order: Polish alphabetical order of the names. */
	villages: PresentationVillage[];
	breaks: Record<Metric, Range[]>;
	/** True when no figure is suppressed: exact counts, no "<3" class (see $lib/suppress). */
	exact: boolean;
	/** Resource category of the coverage metric. */
	category: string;
	/** Coverage distance in metres. */
	distance: number;
}
