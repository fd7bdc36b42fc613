import type { RequestHandler } from './$types';
import { applicationDownload } from '$lib/server/fund/documents';

/** GET /api/fundusz/:rok/:solectwo.pdf: the sołectwo's village fund application as a tagged PDF. */
export const GET: RequestHandler = (event) =>
	applicationDownload(event, event.params.rok, event.params.solectwo, 'pdf');
