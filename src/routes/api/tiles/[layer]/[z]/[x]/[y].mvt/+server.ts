import type { RequestHandler } from './$types';
import { serveTile } from '$lib/server/tiles/serve';

/** One vector tile of the public map: needs (clustered below zoom 16), resources or village areas. */
export const GET: RequestHandler = (event) => serveTile(event);
