/**
 * Whether a path belongs to a machine API: the app's own JSON API (`/api/…`) or Open311
 * (`/open311/…`), with or without a language prefix. These answer errors in their own formats
 * rather than as pages, and other sites' clients may post to them: they rely on no ambient
 * authority (the device and session cookies are SameSite=Lax).
 */
export const isApiPath = (pathname: string): boolean =>
	/^\/(?:[a-z]{2}\/)?(?:api|open311)\//.test(pathname);
