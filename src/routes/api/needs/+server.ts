import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import * as m from '$lib/paraglide/messages';
import { isBodyTooLarge, payloadTooLarge } from '$lib/server/http/responses';
import { submitReport } from '$lib/server/reports/submit';

/**
 * POST /api/needs — a resident report as JSON or multipart/form-data (photo in `photo`).
 * 201 {ref, status_url}; 400 malformed; 409 key reused with another payload; 413 photo or body
 * too large (BODY_SIZE_LIMIT); 422 invalid fields; 429 rate limited with Retry-After.
 * With `consultation` (a session's code) it is that live consultation's answer, as the offline
 * queue sends one later: tagged with the session, under its limits (409 once it no longer takes
 * answers).
 */
export const POST: RequestHandler = async (event) => {
	const type = event.request.headers.get('content-type') ?? '';
	let raw: unknown;
	let photo: File | null = null;
	try {
		if (type.startsWith('application/json')) {
			raw = await event.request.json();
			if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
				throw new Error('not an object');
		} else if (
			type.startsWith('multipart/form-data') ||
			type.startsWith('application/x-www-form-urlencoded')
		) {
			const form = await event.request.formData();
			const file = form.get('photo');
			photo = file instanceof File ? file : null;
			raw = Object.fromEntries([...form].filter(([, value]) => typeof value === 'string'));
		} else {
			return json({ error: m.api_body_type() }, { status: 400 });
		}
	} catch (e) {
		if (isBodyTooLarge(e)) return payloadTooLarge();
		return json({ error: m.api_body_unreadable() }, { status: 400 });
	}

	const tag = (raw as Record<string, unknown>).consultation;
	const consultation = typeof tag === 'string' && tag !== '' ? tag : undefined;
	const result = await submitReport(event, raw, photo, { consultation });
	if (result.status === 201) {
		return json({ ref: result.ref, status_url: result.status_url }, { status: 201 });
	}
	const headers: Record<string, string> = result.retryAfter
		? { 'retry-after': String(result.retryAfter) }
		: {};
	return json(
		{ error: result.error, ...(result.fields ? { fields: result.fields } : {}) },
		{ status: result.status, headers }
	);
};
