import { resolve } from '$app/paths';
import type { Pathname, PathnameWithSearchOrHash, ResolvedPathname } from '$app/types';
import { EXCEL_CSV_QUERY } from '$lib/csv';
import { localizeHref, type Locale } from '$lib/paraglide/runtime';

// Every href, `goto` and `redirect` of the app goes through this module, so a link to a route
// that does not exist fails the type check, and eslint-plugin-svelte's
// `no-navigation-without-resolve` (which accepts a `ResolvedPathname`) needs no exceptions.

/**
 * The href of an app page in the page's language (or `locale`): Paraglide's `localizeHref` adds
 * the locale prefix (`/en/…`, none for Polish), then SvelteKit's `resolve` adds the base path.
 * The path may carry a query and a hash (`/panel/obszar?solectwo=3#edit`); dynamic segments are
 * written out (`/panel/zasoby/${id}`), and the template is checked against the app's routes at
 * compile time. Works on the server too (redirects), in the language of the request.
 */
export function route(
	path: PathnameWithSearchOrHash,
	options?: { locale?: Locale }
): ResolvedPathname {
	return resolved(localizeHref(path, options));
}

/**
 * The href of a file the server produces (CSV, GeoJSON, PDF, iCalendar): the base path only,
 * without a locale prefix, as the API paths are published. Links to it carry `download` or
 * `data-sveltekit-reload`, since it is not a page the client router can render.
 */
export function fileRoute(path: PathnameWithSearchOrHash): ResolvedPathname {
	return resolved(path);
}

/**
 * The href of a CSV download's Excel variant (`;` and decimal commas; see $lib/csv), with the
 * download's own query (without `?`) if it has one.
 */
export function excelCsvRoute(path: Pathname, query = ''): ResolvedPathname {
	return fileRoute(`${path}?${query ? `${query}&` : ''}${EXCEL_CSV_QUERY}`);
}

/**
 * The page at `url` (the current page: path and query) in another language, for the language
 * switch. `url.pathname` is already resolved (base path and locale prefix included), so only
 * Paraglide swaps the locale prefix; `page.url.pathname` is typed `ResolvedPathname` by SvelteKit.
 */
export function routeIn(locale: Locale, url: URL): ResolvedPathname {
	return localizeHref(`${url.pathname}${url.search}`, { locale }) as ResolvedPathname;
}

/**
 * `resolve` (the base path) applied to the path part only: `resolve` reads its argument as a
 * route pattern, so a query or hash holding `/`, `[name]` or `(group)` would be rewritten or
 * refused. The localized path is no longer one of the route patterns (it may start with /en),
 * and a concrete path needs no params argument, hence the casts.
 */
function resolved(href: string): ResolvedPathname {
	const end = href.search(/[?#]/);
	const pathname = (end === -1 ? href : href.slice(0, end)) as Pathname;
	const rest = end === -1 ? '' : href.slice(end);
	const args = [pathname] as Parameters<typeof resolve<Pathname>>;
	return `${resolve<Pathname>(...args)}${rest}` as ResolvedPathname;
}
