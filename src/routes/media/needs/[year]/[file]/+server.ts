import type { RequestHandler } from './$types';
import { servePhoto } from '$lib/server/photos/serve';

/**
 * Serves a re-encoded photo only when RLS lets the requester see its row: photos of unpublished
 * or hidden needs are never exposed.
 */
export const GET: RequestHandler = ({ params, locals }) =>
	servePhoto(locals, 'needs', params, 'public, max-age=300');
