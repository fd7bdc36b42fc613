import { json, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { isSameSite } from '../http/origin.ts';
import { requestContext, type SignedContext } from './context.ts';
import { SQLSTATE, retryAfterOf, sqlstateOf } from '../db/sqlstate.ts';
import type { Tx } from '../db/types.ts';

/**
 * The checks in front of a write that counts a browser ("Popieram", "Zgłoś nadużycie"):
 *   1. the request comes from a page of this site: its Origin header names this origin, like
 *      form actions (OWASP CSRF Prevention Cheat Sheet, "Verifying Origin With Standard
 *      Headers"); a request without Origin or from another site is refused;
 *   2. the browser carries the device cookie a page of the app issued (never the API itself).
 * Returns the signed context for the database, or the 403 to send. The database checks the
 * context again (signature, device present), so a direct caller cannot skip these steps.
 */
async function deviceWriteContext(
	event: RequestEvent
): Promise<{ ctx: SignedContext } | { refused: Response }> {
	if (!isSameSite(event)) {
		return { refused: json({ error: m.votes_cross_site() }, { status: 403 }) };
	}
	const ctx = await requestContext(event, 'require');
	if (ctx.d === null) return { refused: json({ error: m.votes_reload() }, { status: 403 }) };
	return { ctx };
}

/**
 * The database's refusals of a guarded device write as a response, or null for other errors:
 * MZ429 (a limit of the device or network; DETAIL = seconds to wait) → 429 with Retry-After,
 * 42501 (context without a device, or not signed) → 403 asking to reload the page.
 */
function deviceWriteError(e: unknown, rateLimited: (minutes: number) => string) {
	const code = sqlstateOf(e);
	if (code === SQLSTATE.rateLimited) {
		const retryAfter = Math.max(1, retryAfterOf(e));
		return json(
			{ error: rateLimited(Math.ceil(retryAfter / 60)) },
			{ status: 429, headers: { 'retry-after': String(retryAfter) } }
		);
	}
	if (code === SQLSTATE.insufficientPrivilege)
		return json({ error: m.votes_reload() }, { status: 403 });
	return null;
}

/**
 * A guarded device write from the request to the answer: the checks of deviceWriteContext, then
 * `write` with the signed context as JSON text (one call of a private SQL function), and its
 * result as JSON. A need that is not public (SQLSTATE P0002) is a 404 with `notPublic`; the
 * database's other refusals are answered as deviceWriteError says.
 */
export async function deviceWrite<T>(
	event: RequestEvent,
	write: (tx: Tx, ctx: string) => Promise<T>,
	messages: { notPublic: () => string; rateLimited: (minutes: number) => string }
): Promise<Response> {
	const guard = await deviceWriteContext(event);
	if ('refused' in guard) return guard.refused;
	try {
		return json(await event.locals.db((tx) => write(tx, JSON.stringify(guard.ctx))));
	} catch (e) {
		if (sqlstateOf(e) === SQLSTATE.notFound) {
			return json({ error: messages.notPublic() }, { status: 404 });
		}
		const refused = deviceWriteError(e, messages.rateLimited);
		if (refused) return refused;
		throw e;
	}
}
