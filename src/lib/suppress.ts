/**
 * Small-count suppression for public views, decided by where a figure comes from.
 *
 * - `'public'`: every counted item is itself public one by one (public needs with their support
 *   counts, published resources and activities, the public answers of a consultation). Anyone
 *   can count them on the map, so "<3" would hide nothing: such a figure is always exact.
 * - `'restricted'`: the figure counts something the public cannot see item by item (reports
 *   not yet published, rejected or hidden, held consultation answers, volunteers, anything about
 *   people). A count of 1 or 2 could then point at one household in a small village, so the
 *   public sees "<3" instead. Zero stays zero (nothing to identify), and staff (organizers,
 *   council, admins) always see exact figures.
 */
export const SUPPRESSED = '<3';

/** Where the items counted by a figure come from (see above). */
export type FigureSource = 'public' | 'restricted';

/** True when a public view must not show this count exactly. */
export function isSuppressed(count: number, exact: boolean, source: FigureSource): boolean {
	return source === 'restricted' && !exact && count > 0 && count < 3;
}

export function suppressCount(count: number, exact: boolean, source: FigureSource): string {
	return isSuppressed(count, exact, source) ? SUPPRESSED : String(count);
}
