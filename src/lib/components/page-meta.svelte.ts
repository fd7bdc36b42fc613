import { getContext, onDestroy, setContext } from 'svelte';

// Who renders a page's head tags (PageMeta.svelte): the page itself, or the root layout's
// default when the page has none, so every page has exactly one set.

const KEY = Symbol('page-meta');

/** How many PageMeta the page being shown renders: the layout's default stands in at 0. */
export interface PageMetaClaims {
	count: number;
}

/**
 * Called once by the root layout, which then renders `<PageMeta fallback …>` after the page
 * while `count` is 0: every page gets the tags, and a page with its own PageMeta gets only its
 * own (one description, one canonical, one og:title… never two).
 */
export function providePageMeta(): PageMetaClaims {
	const claims = $state({ count: 0 });
	setContext(KEY, claims);
	return claims;
}

/**
 * Called by a page's PageMeta while it initialises: counted while the page is shown. A page
 * swapped in by client navigation counts itself before the old one uncounts, so the default
 * never shows in between.
 */
export function claimPageMeta(): void {
	const claims = getContext<PageMetaClaims | undefined>(KEY);
	if (!claims) return;
	claims.count += 1;
	onDestroy(() => (claims.count -= 1));
}
