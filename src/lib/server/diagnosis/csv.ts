import { writeCsv, type CsvDialect } from '../csv.ts';
import type { Count, Diagnosis } from '$lib/diagnosis/types';

// The CSV export of a diagnosis: the same figures as the page and the PDF,
// one row per figure (section, category, metric, value). Identifiers are machine names; every
// count is exact (all counted items are public). A figure is written as a number when it is
// one, so a spreadsheet can sum the column; text (the scope's name) is guarded against
// spreadsheet formulas by writeCsv.

export interface FigureRow {
	section: string;
	category: string;
	metric: string;
	/** A number, or text: a name, '' for no value. */
	value: string | number;
}

export function figureRows(d: Diagnosis): FigureRow[] {
	const rows: FigureRow[] = [];
	const add = (section: string, category: string, metric: string, value: number | string | null) =>
		rows.push({ section, category, metric, value: value ?? '' });
	add('scope', '', 'name', d.scope.name);
	add('scope', '', 'address_points', d.scope.address_points);
	for (const [metric, value] of Object.entries(d.totals) as [string, Count][])
		add('totals', '', metric, value);
	if (d.gmina) {
		for (const [metric, value] of Object.entries(d.gmina) as [string, number | string][])
			if (metric !== 'name') add('gmina', '', metric, value);
	}
	for (const r of d.resources.by_category) add('resources', r.category, 'count', r.count);
	for (const n of d.needs.by_category) {
		add('needs', n.category, 'count', n.count);
		add('needs', n.category, 'supports', n.supports);
		add('needs', n.category, 'done', n.done);
	}
	for (const s of d.needs.by_status) add('needs_status', s.status, 'count', s.count);
	for (const c of d.coverage.by_category) {
		add('coverage', c.category, 'address_points', c.address_points);
		add('coverage', c.category, 'covered', c.covered);
		add('coverage', c.category, 'gmina_resources', c.gmina_resources);
		add('coverage', c.category, 'gmina_share', c.gmina_share);
		add('coverage', c.category, 'share', c.share);
	}
	d.hotspots.forEach((h, i) => {
		add('hotspots', h.category, `cluster_${i + 1}_count`, h.count);
		add('hotspots', h.category, `cluster_${i + 1}_supports`, h.supports);
	});
	add('activities', '', 'planned', d.activities.planned);
	add('activities', '', 'done', d.activities.done);
	add('activities', '', 'needs_addressed', d.activities.needs_addressed);
	for (const t of d.trend.months) {
		add('trend_months', t.month, 'reported', t.reported);
		add('trend_months', t.month, 'resolved', t.resolved);
	}
	for (const q of d.trend.quarters) add('trend_quarters', q.quarter, 'activities_done', q.done);
	return rows;
}

export function diagnosisCsv(d: Diagnosis, dialect: CsvDialect = 'comma'): string {
	return writeCsv(
		['section', 'category', 'metric', 'value'],
		figureRows(d).map((r) => [r.section, r.category, r.metric, r.value]),
		dialect
	);
}
