import { error } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Tx } from '../db/types.ts';

/** The admin-editable legal pages (rows of public.legal_pages). */
export const LEGAL_SLUGS = ['deklaracja-dostepnosci', 'rodo', 'zasady-moderacji'] as const;
export type LegalSlug = (typeof LEGAL_SLUGS)[number];
export const LEGAL_LOCALES = ['pl', 'en'] as const;
export type LegalLocale = (typeof LEGAL_LOCALES)[number];

export interface LegalPage {
	slug: LegalSlug;
	locale: LegalLocale;
	title: string;
	body: string;
	/** ISO timestamp of the last edit (or of the migration that created the page). */
	updated_at: string;
}

/** One page in one language; RLS lets everyone read. */
export async function getLegalPage(
	tx: Tx,
	slug: LegalSlug,
	locale: LegalLocale
): Promise<LegalPage | null> {
	const rows = await tx.query<LegalPage>(
		`select slug, locale, title, body,
		   to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at
		 from public.legal_pages where slug = $1 and locale = $2`,
		[slug, locale]
	);
	return rows[0] ?? null;
}

/**
 * Saves an edit. RLS lets only admins update (0 rows, or 42501, otherwise); the trigger sets
 * updated_at/updated_by and the audit trigger logs before and after.
 */
export async function saveLegalPage(
	tx: Tx,
	slug: LegalSlug,
	locale: LegalLocale,
	title: string,
	body: string
): Promise<boolean> {
	const rows = await tx.query(
		`update public.legal_pages set title = $3, body = $4
		 where slug = $1 and locale = $2 returning slug`,
		[slug, locale, title, body]
	);
	return rows.length === 1;
}

/**
 * Load of the public pages /deklaracja-dostepnosci, /rodo and /zasady-moderacji: the row of
 * the current language (the English page never falls back to Polish text).
 */
export async function loadLegalPage(locals: App.Locals, slug: LegalSlug) {
	const locale: LegalLocale = getLocale() === 'en' ? 'en' : 'pl';
	const page = await locals.db((tx) => getLegalPage(tx, slug, locale));
	if (!page) error(404, m.legal_not_found());
	return { page };
}
