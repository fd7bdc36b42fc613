// Shape of the report of private.apply_official_areas() (supabase/migrations/
// 20261205000400_regions.sql), shared by the server and the /panel/obszar page.

export type AreaSource = 'approximate' | 'official';
export type AreaLevel = 'locality' | 'solectwo';

/** One finding: a code the UI words through Paraglide, with its numbers and names. */
export interface ReportIssue {
	code: string;
	[param: string]: string | number | null | undefined;
}

export interface FeatureReport {
	/** 0-based position in the uploaded file. */
	index: number;
	/** Name (or slug, SIMC, "#n") of the feature as the file gives it. */
	label: string;
	/** The locality or sołectwo it was matched to. */
	target: { id: number; name: string } | null;
	errors: ReportIssue[];
	warnings: ReportIssue[];
}

export interface AreaReport {
	ok: boolean;
	/** True only when the areas were replaced (ok and not a dry run). */
	applied: boolean;
	level: AreaLevel;
	features: FeatureReport[];
	errors: ReportIssue[];
	warnings: ReportIssue[];
}
