/**
 * Small-count suppression for public views: a count of 1 or 2 could point at one
 * household in a small village, so the public sees "<3" instead. Zero stays zero (nothing to
 * identify) and staff (organizers, council, admins) always see exact figures.
 */
export const SUPPRESSED = '<3';

export function suppressCount(count: number, exact: boolean): string {
	if (exact || count === 0 || count >= 3) return String(count);
	return SUPPRESSED;
}

/** True when a public view must not show this count exactly. */
export function isSuppressed(count: number, exact: boolean): boolean {
	return !exact && count > 0 && count < 3;
}
