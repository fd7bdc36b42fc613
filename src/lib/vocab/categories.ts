import { getLocale, type Locale } from '../paraglide/runtime.js';
import type { Category } from '../types.ts';

// Categories of needs and resources are rows of `need_categories` and `resource_categories`, each
// with its Polish and English name, so the gmina can change them without a release.

/** The category's name in `locale` or the page's language. */
export function categoryName(
	category: Pick<Category, 'label_pl' | 'label_en'>,
	locale: Locale = getLocale()
): string {
	return locale === 'en' ? category.label_en : category.label_pl;
}

/** Name of a category slug in the page's language; `fallback` (the API's Polish name) if unknown. */
export function categoryLabel(
	categories: readonly Category[],
	slug: string,
	fallback: string
): string {
	const category = categories.find((candidate) => candidate.slug === slug);
	return category ? categoryName(category) : fallback;
}
