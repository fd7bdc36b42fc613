import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requirePermission } from '$lib/server/auth/permissions';
import { toCsv, toGeojson } from '$lib/server/resources/export';
import { readFilters } from '$lib/server/resources/filters';
import { exportResources } from '$lib/server/resources/register';

/**
 * CSV or GeoJSON export of the register, with the list's status and category
 * filters. Staff only; the rows come through locals.db, so RLS decides even here: without a
 * staff role no draft or archived resource could be read.
 */
export const GET: RequestHandler = async (event) => {
	requirePermission(event, 'read_panel');
	const format = event.params.format;
	if (format !== 'csv' && format !== 'geojson') error(404, 'Not found');
	const { status, category } = readFilters(event.url);
	const rows = await event.locals.db((tx) =>
		exportResources(tx, event.locals.region, { status, category })
	);
	const date = new Date().toISOString().slice(0, 10);
	const body = format === 'csv' ? toCsv(rows) : toGeojson(rows);
	return new Response(body, {
		headers: {
			'content-type':
				format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json; charset=utf-8',
			'content-disposition': `attachment; filename="zasoby-${date}.${format}"`,
			'cache-control': 'private, no-store'
		}
	});
};
