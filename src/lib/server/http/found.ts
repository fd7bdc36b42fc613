import { error } from '@sveltejs/kit';
import { requirePermission, type Action, type SessionUser } from '../auth/permissions.ts';
import type { Tx } from '../db/types.ts';

/**
 * A route parameter when it has the form `pattern` describes (a uuid, a need's ref), else null:
 * the `key` of `foundOr404`/`readOr404`, which answer 404 for null without reading.
 */
export function paramMatching(pattern: RegExp, value: string | undefined): string | null {
	return value !== undefined && pattern.test(value) ? value : null;
}

/**
 * What a detail page shows, or a 404 with `message`. `key` is the route parameter already parsed
 * (a uuid, a consultation code), null when malformed: a malformed address gets the same 404 as an
 * unknown one, never a 400, nor a 500 from the database refusing the value. `read` returns null
 * for an unknown key (or one RLS hides, which reads the same).
 */
export async function foundOr404<K, T>(
	key: K | null,
	read: (key: K) => Promise<T | null>,
	message: string
): Promise<T> {
	if (key === null) error(404, message);
	const found = await read(key);
	if (found === null) error(404, message);
	return found;
}

/** `foundOr404` whose read runs in one transaction under the request's role (`locals.db`, RLS). */
export function readOr404<K, T>(
	locals: Pick<App.Locals, 'db'>,
	key: K | null,
	read: (tx: Tx, key: K) => Promise<T | null>,
	message: string
): Promise<T> {
	return foundOr404(key, (found) => locals.db((tx) => read(tx, found)), message);
}

/**
 * A panel page's read of one record: `requirePermission` first (the login page without a session,
 * 403 for a role that may not), then `readOr404` under the request's role. Returns the user too,
 * for what else the page lets them do.
 */
export async function permittedReadOr404<K, T>(
	event: { locals: Pick<App.Locals, 'db' | 'user'>; url: URL },
	action: Action,
	key: K | null,
	read: (tx: Tx, key: K) => Promise<T | null>,
	message: string
): Promise<{ user: SessionUser; found: T }> {
	const user = requirePermission(event, action);
	return { user, found: await readOr404(event.locals, key, read, message) };
}
