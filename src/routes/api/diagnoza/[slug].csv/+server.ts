import type { RequestHandler } from './$types';
import { diagnosisDownload } from '$lib/server/diagnosis/documents';

/** GET /api/diagnoza/:slug.csv: the figures, one row per figure. Cached per data version. */
export const GET: RequestHandler = (event) => diagnosisDownload(event, event.params.slug, 'csv');
