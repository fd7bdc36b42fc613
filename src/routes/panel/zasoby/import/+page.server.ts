import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import * as m from '$lib/paraglide/messages';
import { requirePermission } from '$lib/server/auth/permissions';
import { categories, regionGeojson } from '$lib/server/region/queries';
import { boundaryOf } from '$lib/report/boundary';
import {
	changedColumns,
	dbRejection,
	parseImport,
	rejectedRowCount,
	type ImportFormat,
	type RejectedRow
} from '$lib/server/resources/import';
import { importResources, type DbImportRow } from '$lib/server/resources/register';
import { SQLSTATE, sqlstateOf } from '$lib/server/db/sqlstate';

const MAX_MB = 5;

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'edit_resources');
	const cats = await event.locals.db((tx) => categories(tx));
	return { categories: cats.resource, maxMb: MAX_MB };
};

function formatOf(file: File, text: string): ImportFormat {
	if (/\.(geo)?json$/i.test(file.name)) return 'geojson';
	if (/\.(csv|txt)$/i.test(file.name)) return 'csv';
	return text.trimStart().startsWith('{') ? 'geojson' : 'csv';
}

/** One row of the file and what the import did with it. */
export interface RowOutcome {
	row: number;
	outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
	/** Updated: the changed columns; rejected: the refused fields. */
	fields: string;
}

export interface ImportOutcome {
	format: ImportFormat;
	fileName: string;
	accepted: number;
	rejectedRows: number;
	rejected: RejectedRow[];
	/** Created rows (new resources). */
	inserted: number;
	updated: number;
	unchanged: number;
	/** Every row of the file in order, once something was committed; empty otherwise. */
	rows: RowOutcome[];
	committed: boolean;
	fileError: string | null;
	ignoredColumns: string[];
	partial: boolean;
}

// Import: parse and check every row, then one all-or-nothing database call
// (or only the valid rows when the person asked for that). A row with an id updates that
// resource, under RLS and audited like an edit in the form. The report lists every rejected row
// and, once saved, what happened to each row: created, updated (which columns), unchanged.
function rowOutcomes(outcome: ImportOutcome, written: DbImportRow[]): RowOutcome[] {
	const rejected = new Map<number, string[]>();
	for (const r of outcome.rejected) rejected.set(r.row, [...(rejected.get(r.row) ?? []), r.field]);
	return [
		...written.map((r) => ({
			row: r.row,
			outcome: r.outcome,
			fields: changedColumns(r.changed, outcome.format)
		})),
		...[...rejected].map(([row, fields]) => ({
			row,
			outcome: 'rejected' as const,
			fields: fields.join(', ')
		}))
	].sort((a, b) => a.row - b.row);
}

export const actions = {
	default: async (event) => {
		requirePermission(event, 'edit_resources');
		const form = await event.request.formData();
		const file = form.get('file');
		const partial = form.get('partial') === 'on';
		const publish = form.get('publish') === 'on';
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { fileMessage: m.res_imp_file_missing(), partial, publish });
		}
		if (file.size > MAX_MB * 1024 * 1024) {
			return fail(413, { fileMessage: m.res_imp_file_large({ max: MAX_MB }), partial, publish });
		}
		const text = await file.text();
		const format = formatOf(file, text);
		const { cats, boundary } = await event.locals.db(async (tx) => ({
			cats: (await categories(tx)).resource,
			boundary: await regionGeojson(tx, event.locals.region)
		}));
		if (!boundary) error(503, m.api_region_missing());
		const report = parseImport(text, format, {
			categories: cats,
			boundary: boundaryOf(JSON.parse(boundary)),
			defaultStatus: publish ? 'published' : 'draft'
		});
		const outcome: ImportOutcome = {
			format,
			fileName: file.name,
			accepted: report.accepted.length,
			rejectedRows: rejectedRowCount(report),
			rejected: report.rejected,
			inserted: 0,
			updated: 0,
			unchanged: 0,
			rows: [],
			committed: false,
			fileError: report.fileError,
			ignoredColumns: report.ignoredColumns,
			partial
		};
		const blocked = report.fileError !== null || (!partial && report.rejected.length > 0);
		if (blocked || report.accepted.length === 0) return fail(422, { outcome, partial, publish });

		try {
			const result = await event.locals.db((tx) =>
				importResources(tx, event.locals.region, report.accepted, partial)
			);
			const fromDb = result.rejected.map((r) => ({
				row: r.row,
				field: r.field,
				message: dbRejection(r.code)
			}));
			outcome.rejected = [...report.rejected, ...fromDb].sort((a, b) => a.row - b.row);
			outcome.rejectedRows = rejectedRowCount(outcome);
			outcome.accepted = report.accepted.length - new Set(fromDb.map((r) => r.row)).size;
			outcome.inserted = result.inserted;
			outcome.updated = result.updated;
			outcome.unchanged = result.unchanged;
			outcome.committed = result.committed;
			if (result.committed) outcome.rows = rowOutcomes(outcome, result.rows);
		} catch (e) {
			if (sqlstateOf(e) === SQLSTATE.insufficientPrivilege) {
				return fail(403, { fileMessage: m.res_err_denied(), partial, publish });
			}
			throw e;
		}
		if (!outcome.committed) return fail(422, { outcome, partial, publish });
		return { outcome, partial, publish };
	}
} satisfies Actions;
