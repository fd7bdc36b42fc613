import type { RequestHandler } from './$types';
import { servePhoto } from '$lib/server/photos/serve';

/**
 * Photo of a resource, served only when RLS lets the requester read its row:
 * the public sees photos of published resources, staff also those of drafts.
 */
export const GET: RequestHandler = ({ params, locals }) =>
	servePhoto(locals, 'resources', params, 'private, max-age=300');
