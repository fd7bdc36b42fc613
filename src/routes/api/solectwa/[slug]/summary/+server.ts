import type { RequestHandler } from './$types';
import { areaSummary } from '$lib/server/http/area-summary';
import { solectwoSummaryText } from '$lib/server/planning/queries';

/**
 * The village summary summed over a sołectwo's villages; activities serving
 * several of them count once. Runs as anon: published items only (RLS).
 */
export const GET: RequestHandler = areaSummary('solectwo', solectwoSummaryText);
