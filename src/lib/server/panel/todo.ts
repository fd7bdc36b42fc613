import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import { can, type SessionUser } from '../auth/permissions.ts';

// What waits for the signed-in person on the panel's start page. The counts come from
// public.panel_todo (supabase/migrations/20261205002000_panel_home.sql), run under RLS as that
// person; which of them the page shows follows what the person may do, from the one permission
// module (a council member reads the queues but acts on none of them).

export interface PanelTodoCounts {
	new_reports: number;
	abuse_flags: number;
	pending_comments: number;
	upcoming_activities: number;
	unsent_mail: number;
}

export type PanelTodoKey = keyof PanelTodoCounts;

/** One line of the start page: a count and the panel section that deals with it. */
export interface PanelTodoItem {
	key: PanelTodoKey;
	count: number;
	path: '/panel/moderacja' | '/panel/moderacja/komentarze' | '/panel/dzialania' | '/panel/poczta';
}

/** The items in the order shown, each with the action that makes it this person's work. */
const ITEMS = [
	{ key: 'new_reports', path: '/panel/moderacja', action: 'moderate' },
	{ key: 'abuse_flags', path: '/panel/moderacja', action: 'moderate' },
	{ key: 'pending_comments', path: '/panel/moderacja/komentarze', action: 'moderate' },
	{ key: 'upcoming_activities', path: '/panel/dzialania', action: 'read_panel' },
	{ key: 'unsent_mail', path: '/panel/poczta', action: 'read_outbox' }
] as const;

/** The counts of one region as the database lets this person see them. */
export const panelTodoCounts = (tx: Tx, region: string) =>
	value<PanelTodoCounts | null>(tx, 'select public.panel_todo($1) as v', [region]);

/** The start page's items for this person: only those their role may act on. */
export function panelTodo(
	user: SessionUser | null,
	counts: PanelTodoCounts | null
): PanelTodoItem[] {
	return ITEMS.filter((item) => can(user, item.action)).map(({ key, path }) => ({
		key,
		path,
		count: counts?.[key] ?? 0
	}));
}
