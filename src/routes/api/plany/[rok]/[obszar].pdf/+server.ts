import type { RequestHandler } from './$types';
import { planDownload } from '$lib/server/plans/documents';

/** GET /api/plany/:rok/:obszar.pdf: the organizing plan as a tagged PDF. Cached per data version. */
export const GET: RequestHandler = (event) =>
	planDownload(event, event.params.rok, event.params.obszar, 'plan', 'pdf');
