import type { RequestHandler } from './$types';
import { applicationDownload } from '$lib/server/fund/documents';

/** GET /api/fundusz/:rok/:solectwo.docx: the sołectwo's village fund application as a Word file. */
export const GET: RequestHandler = (event) =>
	applicationDownload(event, event.params.rok, event.params.solectwo, 'docx');
