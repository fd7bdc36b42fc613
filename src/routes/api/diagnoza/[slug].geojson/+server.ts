import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { diagnosisGeojson } from '$lib/server/diagnosis/geojson';
import { loadDiagnosis } from '$lib/server/diagnosis/load';
import { exportHeaders } from '$lib/server/diagnosis/headers';
import { diagnosisFeatures } from '$lib/server/diagnosis/queries';
import { parseScope } from '$lib/server/diagnosis/scope';

/** GET /api/diagnoza/:slug.geojson (issue #5, item 3): the area with the figures, and the points. */
export const GET: RequestHandler = async (event) => {
	const { doc, staff } = await loadDiagnosis(event, event.params.slug);
	const { locals } = event;
	const scope = parseScope(event.params.slug);
	const features = scope && (await locals.db((tx) => diagnosisFeatures(tx, locals.region, scope)));
	if (!features) error(404, m.diag_not_found({ slug: event.params.slug }));
	return new Response(JSON.stringify(diagnosisGeojson(doc, features)), {
		headers: exportHeaders(
			'application/geo+json; charset=utf-8',
			`diagnoza-${doc.scope.slug}.geojson`,
			staff
		)
	});
};
