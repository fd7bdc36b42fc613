import { error } from '@sveltejs/kit';
import type { Tx } from '../db/types.ts';

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
