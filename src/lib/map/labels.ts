import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Category, NeedStatus } from '$lib/types';

const STATUS_LABELS: Record<NeedStatus, () => string> = {
	nowe: m.status_nowe,
	opublikowane: m.status_opublikowane,
	w_analizie: m.status_w_analizie,
	zaplanowane: m.status_zaplanowane,
	w_realizacji: m.status_w_realizacji,
	zrealizowane: m.status_zrealizowane,
	odrzucone: m.status_odrzucone,
	polaczone: m.status_polaczone
};

function isStatus(value: string): value is NeedStatus {
	return value in STATUS_LABELS;
}

/** Status as residents read it; an unknown value is shown as sent rather than hidden. */
export function statusLabel(status: string): string {
	return isStatus(status) ? STATUS_LABELS[status]() : status;
}

export function needKindLabel(kind: string): string {
	if (kind === 'potrzeba') return m.need_kind_potrzeba();
	if (kind === 'pomysl') return m.need_kind_pomysl();
	return kind;
}

export function categoryName(category: Category): string {
	return getLocale() === 'en' ? category.label_en : category.label_pl;
}

/** Label of a category slug in the page's language; the API's (Polish) label if unknown. */
export function categoryLabel(
	categories: readonly Category[],
	slug: string,
	fallback: string
): string {
	const category = categories.find((candidate) => candidate.slug === slug);
	return category ? categoryName(category) : fallback;
}
