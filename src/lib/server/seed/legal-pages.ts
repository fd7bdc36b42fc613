import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One default legal page as public.legal_pages stores it. */
export interface LegalPage {
	slug: string;
	locale: string;
	title: string;
	body: string;
}

const FILE_NAME = /^([a-z0-9-]+)\.(pl|en)\.md$/;

/**
 * Reads the default legal pages of a region folder (data/regions/<slug>/legal/<slug>.<locale>.md):
 * the first line is "# <title>", a blank line, then the body in the format of
 * src/lib/legal/blocks.ts ("## " heading, "- " list item, blank line between paragraphs).
 * A region without the folder has no default pages.
 */
export function readLegalPages(dir: string): LegalPage[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.sort()
		.flatMap((name) => {
			const match = FILE_NAME.exec(name);
			if (!match) return [];
			const text = readFileSync(join(dir, name), 'utf8');
			const heading = /^# (.+)\n\n/.exec(text);
			if (!heading)
				throw new Error(`${join(dir, name)}: pierwszy wiersz musi mieć postać "# tytuł"`);
			const body = text.slice(heading[0].length).replace(/\n$/, '');
			return [{ slug: match[1], locale: match[2], title: heading[1], body }];
		});
}

/**
 * Inserts the pages that are missing and returns their slugs. A page that exists is left alone,
 * so an administrator's edits in /panel/strony are never overwritten by a later seed.
 */
export const INSERT_MISSING_LEGAL_PAGES = `
	insert into public.legal_pages (slug, locale, title, body)
	select p.slug, p.locale, p.title, p.body
	from jsonb_to_recordset($1::text::jsonb) as p(slug text, locale text, title text, body text)
	order by p.slug, p.locale
	on conflict (slug, locale) do nothing
	returning slug`;
