import type { RequestHandler } from './$types';
import { planDownload } from '$lib/server/plans/documents';

/** GET /api/plany/:rok/:obszar.docx: the organizing plan as an editable Word document. Cached per data version. */
export const GET: RequestHandler = (event) =>
	planDownload(event, event.params.rok, event.params.obszar, 'plan', 'docx');
