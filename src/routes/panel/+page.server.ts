import { requirePermission } from '$lib/server/auth/permissions';
import { panelTodo, panelTodoCounts } from '$lib/server/panel/todo';
import type { PageServerLoad } from './$types';

// The panel's start page: what waits for this person, as counts with links to the sections.
export const load: PageServerLoad = async (event) => {
	const user = requirePermission(event, 'read_panel');
	const counts = await event.locals.db((tx) => panelTodoCounts(tx, event.locals.region));
	return { todo: panelTodo(user, counts) };
};
