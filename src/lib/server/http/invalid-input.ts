import { error, json, text, type Handle } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { sqlstateOf } from '../db/sqlstate.ts';
import { isApiPath } from './api-path.ts';

/**
 * Input PostgreSQL cannot take, answered with 400 instead of 500.
 *
 * PostgreSQL's text and jsonb cannot hold U+0000: a NUL in a parameter fails with 22021
 * (character_not_in_repertoire, "invalid byte sequence for encoding UTF8: 0x00") and `\u0000`
 * inside JSON with 22P05 (untranslatable_character); a value of the wrong shape for its type (a
 * uuid, a number) fails with 22P02 (invalid_text_representation). They come from what the client
 * sent, never from a fault of the server.
 */
export const INVALID_INPUT_SQLSTATES: ReadonlySet<string> = new Set(['22021', '22P05', '22P02']);

export function isInvalidInputError(e: unknown): e is { code: string } {
	const code = sqlstateOf(e);
	return code !== null && INVALID_INPUT_SQLSTATES.has(code);
}

/** Whether the URL's path or query holds a NUL byte (percent-encoded: a raw one never parses). */
export function urlHasNul(url: URL): boolean {
	const raw = `${url.pathname}${url.search}`;
	return /%00/i.test(raw) || raw.includes('\u0000');
}

/**
 * Refuses a URL with a NUL byte in its path or query before any route reads it. Answers itself
 * (JSON for the API, plain text otherwise) rather than throwing, so the response still passes
 * through the other handles (security headers).
 */
export const handleNulInUrl: Handle = ({ event, resolve }) => {
	if (!urlHasNul(event.url)) return resolve(event);
	const message = m.auth_request_nul();
	const wantsJson =
		isApiPath(event.url.pathname) ||
		(event.request.headers.get('accept') ?? '').includes('application/json');
	return wantsJson
		? json({ error: message }, { status: 400 })
		: text(message, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
};

/**
 * An HttpError 400 with the Polish message that still carries the SQLSTATE, so a handler that
 * maps 22P02 to its own 422 field error (reports, resources, activities) keeps doing so, and one
 * that does not lets SvelteKit answer 400 instead of 500.
 */
function asBadRequest(e: { code: string }): unknown {
	try {
		error(400, m.auth_request_invalid_value());
	} catch (http) {
		return Object.assign(http as object, { code: e.code });
	}
}

/**
 * Wraps `locals.db` (the only database path of handlers) so that input PostgreSQL refuses as
 * malformed becomes a 400. Runs after the handle that sets `locals.db`.
 */
export const handleInvalidInput: Handle = ({ event, resolve }) => {
	const db = event.locals.db;
	if (db) {
		event.locals.db = (fn) =>
			db(fn).catch((e: unknown) => {
				throw isInvalidInputError(e) ? asBadRequest(e) : e;
			});
	}
	return resolve(event);
};
