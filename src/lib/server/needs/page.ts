import type { NeedPage } from '$lib/needs/types';
import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';

// The public need page: every query calls a function from
// supabase/migrations/20261205001600_need_pages.sql; constant SQL text, bound parameters.

/**
 * A need reference as the URL carries it (KR-2026-0042, any letter case), upper-cased; null when
 * it cannot be one, so a malformed address is the same 404 as an unknown reference.
 */
export function parseNeedRef(raw: string): string | null {
	return /^[A-Za-z]{1,10}-\d{4}-\d{4,9}$/.test(raw) ? raw.toUpperCase() : null;
}

/** The public page of a need, or null when it is not public (RLS and publicness decide). */
export const needPage = (tx: Tx, region: string, ref: string) =>
	value<NeedPage | null>(tx, 'select public.need_page($1, $2) as v', [region, ref]);

/**
 * The id of a village of the region (the feature id of the map's village areas), by its slug;
 * null when there is none. The need page's map marks the need's village with it.
 */
export async function localityId(tx: Tx, region: string, slug: string): Promise<number | null> {
	const rows = await tx.query<{ id: number }>(
		`select l.id::int as id from public.localities l
		 join public.regions r on r.id = l.region_id
		 where r.slug = $1 and l.slug = $2`,
		[region, slug]
	);
	return rows[0]?.id ?? null;
}

/** For a merged need: the reference of the public need it now lives in, else null. */
export const mergedNeedRef = (tx: Tx, region: string, ref: string) =>
	value<string | null>(tx, 'select private.merged_need_ref($1, $2) as v', [region, ref]);

export interface SitemapEntries {
	/** How many needs are public: it decides how many files list them (see ./sitemap.ts). */
	needs_count: number;
	activities: { id: string }[];
	villages: string[];
	solectwa: string[];
}

export interface SitemapNeed {
	ref: string;
	updated_at: string;
}

/** The public pages of the region for sitemap.xml, and the number of public needs. */
export const sitemapEntries = (tx: Tx, region: string) =>
	value<SitemapEntries>(tx, 'select public.sitemap_entries($1) as v', [region]);

/** The public needs of sitemap file `index` of 2^`bits` (split by the leading bits of their id). */
export const sitemapNeeds = (tx: Tx, region: string, bits: number, index: number) =>
	value<SitemapNeed[]>(tx, 'select public.sitemap_needs($1, $2, $3) as v', [region, bits, index]);
