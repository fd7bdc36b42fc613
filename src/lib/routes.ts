import { resolve } from '$app/paths';
import type { Pathname, PathnameWithSearchOrHash, ResolvedPathname } from '$app/types';
import { localizeHref } from '$lib/paraglide/runtime';

/**
 * The href of an app page in the page's language: Paraglide's `localizeHref` adds the locale
 * prefix (`/en/…`, none for Polish), then SvelteKit's `resolve` adds the base path. The path is
 * checked against the app's routes at compile time; the result is a `ResolvedPathname`, which
 * eslint-plugin-svelte's `no-navigation-without-resolve` accepts for links and `goto`.
 */
export function route(path: PathnameWithSearchOrHash): ResolvedPathname {
	// The localized path is no longer one of the route patterns (it may start with /en), but
	// `resolve` only prefixes the base path; a concrete path needs no params argument.
	const args = [localizeHref(path) as Pathname] as Parameters<typeof resolve<Pathname>>;
	return resolve<Pathname>(...args);
}
