import { json } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import * as m from '$lib/paraglide/messages';
import { SQLSTATE, sqlstateOf } from '../db/sqlstate.ts';

const OPEN_DATA_HEADERS = {
	// Open data: any site may read it.
	'access-control-allow-origin': '*',
	'cache-control': 'public, max-age=60, stale-while-revalidate=600'
};

/**
 * Whether the request's If-None-Match names `etag` (or is `*`). RFC 9110 §13.1.2 compares
 * entity tags weakly here, so `W/` prefixes on either side are ignored.
 */
export function etagMatches(request: Request, etag: string): boolean {
	const match = request.headers.get('if-none-match');
	if (!match) return false;
	const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
	return match.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** Serves an open-data body with a strong validator; answers 304 when the client has it already. */
export function openData(request: Request, body: string, contentType: string): Response {
	const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
	const headers = { ...OPEN_DATA_HEADERS, etag, 'content-type': contentType };
	if (etagMatches(request, etag)) return new Response(null, { status: 304, headers });
	return new Response(body, { status: 200, headers });
}

export function badRequest(message: string): Response {
	return json({ error: message }, { status: 400, headers: { 'access-control-allow-origin': '*' } });
}

/** SQLSTATE 22023 (invalid_parameter_value) raised by the API functions for unknown filter values. */
export function isInvalidParameter(e: unknown): e is { message: string } {
	return sqlstateOf(e) === SQLSTATE.invalidParameterValue;
}

/**
 * Whether a body read (`request.json()`, `formData()` …) failed because the body is larger than
 * adapter-node's BODY_SIZE_LIMIT: @sveltejs/kit/node errors the body stream with a SvelteKitError
 * of status 413, and the read rejects with it. Read as data, not by class, so it holds whichever
 * copy of the class made it.
 */
export function isBodyTooLarge(e: unknown): boolean {
	return typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 413;
}

/** 413 Content Too Large (RFC 9110 §15.5.14) for the JSON API, with the Polish message. */
export function payloadTooLarge(): Response {
	return json(
		{ error: m.auth_body_too_large() },
		{ status: 413, headers: { 'access-control-allow-origin': '*' } }
	);
}

/**
 * The user-facing message of an error SvelteKit raises itself, for handleError: a body over
 * BODY_SIZE_LIMIT (413, thrown by any `request.formData()` of a form action) gets the Polish text
 * instead of "Payload Too Large". Undefined: keep SvelteKit's message.
 */
export function kitErrorMessage(status: number): string | undefined {
	return status === 413 ? m.auth_body_too_large() : undefined;
}
