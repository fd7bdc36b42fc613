import type { RequestHandler } from './$types';
import { diagnosisDownload } from '$lib/server/diagnosis/documents';

/** GET /api/diagnoza/:slug.docx: the diagnosis as an editable Word document. Cached per data version. */
export const GET: RequestHandler = (event) => diagnosisDownload(event, event.params.slug, 'docx');
