import type { RequestHandler } from './$types';
import { planDownload } from '$lib/server/plans/documents';

/** GET /api/plany/:rok/:obszar/sprawozdanie.docx: the yearly report as an editable Word document. Cached per data version. */
export const GET: RequestHandler = (event) =>
	planDownload(event, event.params.rok, event.params.obszar, 'report', 'docx');
