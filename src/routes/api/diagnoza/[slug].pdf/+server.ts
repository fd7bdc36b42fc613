import type { RequestHandler } from './$types';
import { diagnosisDownload } from '$lib/server/diagnosis/documents';

/** GET /api/diagnoza/:slug.pdf: the diagnosis as an A4 PDF, in the URL's language. Cached per data version. */
export const GET: RequestHandler = (event) => diagnosisDownload(event, event.params.slug, 'pdf');
