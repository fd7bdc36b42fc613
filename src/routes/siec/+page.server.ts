import type { PageServerLoad } from './$types';
import { loadNetwork } from '$lib/server/network/network';

// The public cooperation network: published activities only, for everyone (staff too), from the
// GET form's ?rok= and ?kategoria=.
export const load: PageServerLoad = (event) => loadNetwork(event, false);
