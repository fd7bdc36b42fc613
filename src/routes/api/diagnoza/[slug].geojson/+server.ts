import type { RequestHandler } from './$types';
import { diagnosisDownload } from '$lib/server/diagnosis/documents';

/** GET /api/diagnoza/:slug.geojson: the area with the figures, and the points. Cached per data version. */
export const GET: RequestHandler = (event) =>
	diagnosisDownload(event, event.params.slug, 'geojson');
