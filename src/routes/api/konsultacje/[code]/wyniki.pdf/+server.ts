import type { RequestHandler } from './$types';
import { resultsDocumentDownload } from '$lib/server/live/results';

/** The frozen results of a closed consultation as an A4 PDF for the minutes; cached per data version. */
export const GET: RequestHandler = (event) => resultsDocumentDownload(event, 'pdf');
