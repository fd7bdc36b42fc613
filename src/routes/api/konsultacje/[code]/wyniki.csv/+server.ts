import type { RequestHandler } from './$types';
import { resultsDownload } from '$lib/server/live/results';

/** The frozen answers of a closed consultation as CSV, e.g. for the meeting's minutes. */
export const GET: RequestHandler = (event) => resultsDownload(event, 'csv');
