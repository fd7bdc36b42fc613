import type { RequestHandler } from './$types';
import { requirePermission } from '$lib/server/auth/permissions';
import { servePhoto } from '$lib/server/photos/serve';

/**
 * Photos for moderation: staff also see photos of unpublished needs and hidden ones,
 * which the public /media route never serves. RLS on need_photos still decides; the answer is
 * never stored by shared caches.
 */
export const GET: RequestHandler = (event) => {
	requirePermission(event, 'read_panel');
	return servePhoto(event.locals, 'needs', event.params, 'private, no-store');
};
