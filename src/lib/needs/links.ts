import type { ResolvedPathname } from '$app/types';
import { route } from '$lib/routes';
import type { Category, NeedListItem } from '$lib/types';
import { categoryLabel } from '$lib/vocab/categories';
import { needKindLabel } from '$lib/vocab/need-kind';
import { needStatusLabel } from '$lib/vocab/need-status';

/** One entry of a LinkList: a link to a public page and a line of what it is. */
export interface PageLink {
	/** From route(): a page of the app in the page's language. */
	href: ResolvedPathname;
	title: string;
	/** A short line under the title (kind, category, village, status…), parts joined by " · ". */
	details: string;
}

/** The parts that are there, joined into one details line. */
export const detailsLine = (parts: readonly (string | null | undefined | false)[]): string =>
	parts.filter(Boolean).join(' · ');

/** A link to the page at `href` titled `title`, with the parts of its details line. */
export const pageLink = (
	href: ResolvedPathname,
	title: string,
	parts: readonly (string | null | undefined | false)[]
): PageLink => ({ href, title, details: detailsLine(parts) });

/** A need of a list, linked to its public page: kind and reference, category, village, status. */
export const needLink = (need: NeedListItem, categories: readonly Category[]): PageLink =>
	pageLink(route(`/potrzeby/${need.ref}`), need.title, [
		`${needKindLabel(need.kind)} ${need.ref}`,
		categoryLabel(categories, need.category, need.category_label),
		need.locality,
		needStatusLabel(need.status)
	]);
