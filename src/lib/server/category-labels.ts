import { getLocale } from '$lib/paraglide/runtime';
import { categoryName } from '../vocab/categories.ts';
import type { Tx } from './db/types.ts';
import { categories } from './region/queries';

/**
 * The report status, moderation and resource register SQL functions return `category_label` in
 * Polish (label_pl); on an English page the label must be label_en. Polish pages are unchanged.
 */
export async function localizeCategoryLabels<
	T extends { category: string; category_label: string }
>(tx: Tx, kind: 'need' | 'resource', rows: T[]): Promise<T[]> {
	if (getLocale() !== 'en' || rows.length === 0) return rows;
	const known = new Map((await categories(tx))[kind].map((c) => [c.slug, c]));
	return rows.map((row) => {
		const category = known.get(row.category);
		return { ...row, category_label: category ? categoryName(category) : row.category_label };
	});
}
