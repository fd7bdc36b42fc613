import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requirePermission } from '$lib/server/auth/permissions';
import { CSV_TYPE, csvDialect, csvFileName } from '$lib/server/csv';
import { toCsv, toGeojson } from '$lib/server/resources/export';
import { readFilters } from '$lib/server/resources/filters';
import { exportResources } from '$lib/server/resources/register';

/**
 * CSV or GeoJSON export of the register, with the list's status and category
 * filters; `?sep=semicolon` gives the CSV for Excel (see $lib/server/csv). Staff only;
 * the rows come through locals.db, so RLS decides even here: without a staff role no draft or
 * archived resource could be read.
 */
export const GET: RequestHandler = async (event) => {
	requirePermission(event, 'read_panel');
	const format = event.params.format;
	if (format !== 'csv' && format !== 'geojson') error(404, 'Not found');
	const dialect = format === 'csv' ? csvDialect(event.url) : 'comma';
	const { status, category } = readFilters(event.url);
	const rows = await event.locals.db((tx) =>
		exportResources(tx, event.locals.region, { status, category })
	);
	const base = `zasoby-${new Date().toISOString().slice(0, 10)}`;
	const csv = format === 'csv';
	return new Response(csv ? toCsv(rows, dialect) : toGeojson(rows), {
		headers: {
			'content-type': csv ? CSV_TYPE : 'application/geo+json; charset=utf-8',
			'content-disposition': `attachment; filename="${csv ? csvFileName(base, dialect) : `${base}.geojson`}"`,
			'cache-control': 'private, no-store'
		}
	});
};
