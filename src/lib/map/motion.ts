/** People who asked their system for less motion get instant camera jumps instead of flights. */
export function prefersReducedMotion(): boolean {
	return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
