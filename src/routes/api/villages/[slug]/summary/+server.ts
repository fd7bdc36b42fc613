import type { RequestHandler } from './$types';
import { areaSummary } from '$lib/server/http/area-summary';
import { villageSummaryText } from '$lib/server/planning/queries';

/**
 * Counts for one village: needs and resources by category, planned and done
 * activities. Runs as anon, so only published items count (RLS).
 */
export const GET: RequestHandler = areaSummary('village', villageSummaryText);
