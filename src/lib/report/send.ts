// Sending one queued report to POST /api/needs and deciding what its answer means for the queue.
import type { QueuedReport, ReportFields } from './types';

export type SendOutcome =
	| { kind: 'sent'; ref: string; statusUrl: string }
	/** The server refused the content (400, 409, 413, 422): sending it again cannot help. */
	| { kind: 'rejected'; message: string }
	/**
	 * Network error, 5xx, 429 or an answer that is not ours (captive portal): try again later.
	 * `down`: our server could not be reached (no answer, a gateway's 502/503/504 or a foreign
	 * page), so the queue watches for it to come back (see recovery.ts) rather than only waiting.
	 */
	| { kind: 'retry'; afterMs: number | null; down: boolean };

/** A UUID for the Idempotency-Key; crypto.randomUUID only exists on secure origins. */
export function newIdempotencyKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6] & 0x0f) | 0x40;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The same field names as the form, so the server treats both paths alike; a live consultation's
 * answer also names its session (`consultation`), so it arrives tagged however late it is sent.
 */
export function toFormData(
	fields: ReportFields,
	photo: Blob | null,
	photoName: string | null,
	consultation: string | null = null
) {
	const data = new FormData();
	data.set('kind', fields.kind);
	data.set('category', fields.category);
	data.set('title', fields.title);
	data.set('description', fields.description);
	data.set('lon', fields.lon);
	data.set('lat', fields.lat);
	data.set('village', fields.village);
	data.set('contact', fields.contact);
	if (fields.contact_consent) data.set('contact_consent', 'on');
	data.set('idempotency_key', fields.idempotency_key);
	data.set('website', '');
	if (consultation) data.set('consultation', consultation);
	if (photo) data.set('photo', photo, photoName ?? 'zdjecie.jpg');
	return data;
}

/** 15 s, 30 s, 1 min … doubling up to 30 min between automatic attempts. */
export function backoffMs(attempts: number): number {
	return Math.min(15_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

function retryAfterMs(header: string | null): number | null {
	if (!header) return null;
	const seconds = Number(header);
	if (Number.isFinite(seconds)) return Math.max(0, seconds) * 1000;
	const date = Date.parse(header);
	return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

async function jsonBody(response: Response): Promise<Record<string, unknown> | null> {
	try {
		const body: unknown = await response.json();
		return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}

/** Polish message of a refusal: the first field message, else the general one. */
function refusalMessage(body: Record<string, unknown> | null, fallback: string): string {
	const fields = body?.fields;
	if (typeof fields === 'object' && fields !== null) {
		const first = Object.values(fields).find((value) => typeof value === 'string');
		if (typeof first === 'string') return first;
	}
	return typeof body?.error === 'string' ? body.error : fallback;
}

export async function sendReport(
	entry: Pick<QueuedReport, 'fields' | 'photo' | 'photoName' | 'consultation'>,
	fallbackMessage: string,
	fetchImpl: typeof fetch = fetch
): Promise<SendOutcome> {
	let response: Response;
	try {
		response = await fetchImpl('/api/needs', {
			method: 'POST',
			body: toFormData(entry.fields, entry.photo, entry.photoName, entry.consultation ?? null),
			headers: { accept: 'application/json' },
			credentials: 'same-origin'
		});
	} catch {
		return { kind: 'retry', afterMs: null, down: true };
	}
	const body = await jsonBody(response);
	if (response.status === 201 || response.status === 200) {
		const ref = body?.ref;
		const statusUrl = body?.status_url;
		if (typeof ref === 'string' && typeof statusUrl === 'string')
			return { kind: 'sent', ref, statusUrl };
		return { kind: 'retry', afterMs: null, down: true };
	}
	if (response.status === 429 || response.status === 408)
		return {
			kind: 'retry',
			afterMs: retryAfterMs(response.headers.get('retry-after')),
			down: false
		};
	// A photo over the limit may be refused by the HTTP server itself, without our JSON.
	if (response.status === 413 || (response.status >= 400 && response.status < 500 && body))
		return { kind: 'rejected', message: refusalMessage(body, fallbackMessage) };
	// 5xx, or a 4xx that is not JSON (a proxy or a hotspot login page): the report is still ours.
	// A Retry-After on a 503 is the server's own word on when to come back.
	const afterMs = retryAfterMs(response.headers.get('retry-after'));
	return {
		kind: 'retry',
		afterMs,
		down: afterMs === null && (!body || GATEWAY.has(response.status))
	};
}

/** A proxy or load balancer answering for an app that is not there (RFC 9110, 15.6). */
const GATEWAY = new Set([502, 503, 504]);

/**
 * A cheap check that our server answers again: GET /healthz (no database, no session, never
 * cached, not kept by the service worker). A hotspot login page answers too, so the JSON
 * `status: "ok"` is what counts.
 */
export async function serverAnswers(
	fetchImpl: typeof fetch = fetch,
	timeoutMs = 5_000
): Promise<boolean> {
	try {
		const response = await fetchImpl('/healthz', {
			cache: 'no-store',
			headers: { accept: 'application/json' },
			signal: AbortSignal.timeout(timeoutMs)
		});
		if (!response.ok) return false;
		return (await jsonBody(response))?.status === 'ok';
	} catch {
		return false;
	}
}
