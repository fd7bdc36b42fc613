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

/** A refusal of a guarded device write: the status, the sentence to show, and how long to wait. */
export interface DeviceWriteRefusal {
	status: 403 | 404 | 429;
	message: string;
	retryAfter?: number;
}

/**
 * The database's refusals of a guarded device write, or null for other errors:
 * MZ404 (the need is not public) → 404 with `notPublic`,
 * MZ429 (a limit of the device or network; DETAIL = seconds to wait) → 429 with Retry-After,
 * 42501 (context without a device, or not signed) → 403 asking to reload the page.
 * Shared by the JSON endpoints (deviceWrite) and the no-JavaScript form on the need page.
 */
export function deviceWriteRefusal(
	e: unknown,
	messages: { notPublic: () => string; rateLimited: (minutes: number) => string }
): DeviceWriteRefusal | null {
	const code = sqlstateOf(e);
	if (code === SQLSTATE.notFound) return { status: 404, message: messages.notPublic() };
	if (code === SQLSTATE.rateLimited) {
		const retryAfter = Math.max(1, retryAfterOf(e));
		return { status: 429, message: messages.rateLimited(Math.ceil(retryAfter / 60)), retryAfter };
	}
	if (code === SQLSTATE.insufficientPrivilege) return { status: 403, message: m.votes_reload() };
	return null;
}

/**
 * A guarded device write from the request to the answer: the checks of deviceWriteContext, then
 * `write` with the signed context as JSON text (one call of a private SQL function), and its
 * result as JSON; the database's refusals are answered as deviceWriteRefusal says.
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
		const refused = deviceWriteRefusal(e, messages);
		if (!refused) throw e;
		const headers: Record<string, string> =
			refused.retryAfter === undefined ? {} : { 'retry-after': String(refused.retryAfter) };
		return json({ error: refused.message }, { status: refused.status, headers });
	}
}
