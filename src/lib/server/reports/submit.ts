import type { RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { route } from '$lib/routes';
import { getEnv, getSecrets } from '../db/index.ts';
import { value } from '../db/value.ts';
import { requestContext } from '../guard/context.ts';
import { refusedAsUntrusted } from '../guard/refused.ts';
import { publicOrigin } from '../http/origin.ts';
import { parseReport, CONSENT_TEXT, type NormalizedReport } from './input.ts';
import { isPhotoError, processPhoto } from './photo.ts';
import { photoStore } from '../photos/store.ts';
import { hmac, sha256, statusToken } from './tokens.ts';
import { SQLSTATE, retryAfterOf } from '../db/sqlstate.ts';

export type SubmitResult =
	| { status: 201; ref: string; status_url: string; replayed: boolean }
	| {
			status: 400 | 409 | 413 | 422 | 429 | 503;
			error: string;
			fields?: Record<string, string>;
			retryAfter?: number;
	  };

/** Postgres errors raised by private.submit_need (custom SQLSTATEs MZxxx) → HTTP answers. */
function mapDbError(e: unknown): SubmitResult | null {
	const { code, message } = e as { code?: string; message?: string };
	if (code === SQLSTATE.conflict) {
		return {
			status: 409,
			error: m.api_key_reused()
		};
	}
	if (code === SQLSTATE.gone) {
		// A live consultation answer after the session's window or its closing.
		return { status: 409, error: m.live_answer_closed(), fields: { form: m.live_answer_closed() } };
	}
	if (code === SQLSTATE.rateLimited) {
		const retryAfter = retryAfterOf(e);
		return {
			status: 429,
			error: m.api_rate_limited({ minutes: Math.ceil(retryAfter / 60) }),
			retryAfter
		};
	}
	if (refusedAsUntrusted(e, 'private.submit_need')) {
		return { status: 503, error: m.guard_unavailable(), fields: { form: m.guard_unavailable() } };
	}
	if (
		code === SQLSTATE.unprocessable ||
		code === SQLSTATE.checkViolation ||
		code === SQLSTATE.invalidTextRepresentation
	) {
		const fields: Record<string, string> =
			message === 'point_outside_region'
				? { lat: m.api_outside() }
				: message === 'unknown_category'
					? { category: m.api_category() }
					: message === 'unknown_village'
						? { village: m.api_village() }
						: { form: m.api_bad_data() };
		return { status: 422, error: m.api_invalid(), fields };
	}
	return null;
}

function requestHash(report: NormalizedReport, photoHash: string | null): string {
	const { honeypot: _ignored, ...fields } = report;
	void _ignored;
	return sha256(JSON.stringify({ ...fields, photo: photoHash }));
}

/**
 * One resident report, from the form action or POST /api/needs. Everything runs in
 * one database transaction through private.submit_need, so a rejection leaves nothing behind.
 */
export async function submitReport(
	event: RequestEvent,
	raw: unknown,
	photo: File | null,
	/** A live consultation answer: the session's code, tagged in the same transaction. */
	options: { consultation?: string } = {}
): Promise<SubmitResult> {
	const parsed = parseReport(raw);
	if (!parsed.ok) return { status: 422, error: m.api_invalid(), fields: parsed.fields };
	const report = parsed.report;
	if (report.honeypot) {
		return {
			status: 400,
			error: m.api_honeypot()
		};
	}

	const env = getEnv();
	const { hmac: secret } = await getSecrets();
	let processed: Awaited<ReturnType<typeof processPhoto>> | null = null;
	let photoHash: string | null = null;
	if (photo && photo.size > 0) {
		const bytes = new Uint8Array(await photo.arrayBuffer());
		processed = await processPhoto(bytes);
		if (isPhotoError(processed)) {
			return {
				status: processed.status,
				error: processed.message,
				fields: { photo: processed.message }
			};
		}
		photoHash = sha256(bytes);
	}
	const hash = requestHash(report, photoHash);

	const store = photoStore(env);
	let photoRow: { storage_key: string; width: number; height: number; bytes: number } | null = null;
	if (processed && !isPhotoError(processed)) {
		// Derived from key and payload: a replay rewrites the same file, another payload never
		// touches it.
		const name = hmac(secret, `photo:${report.idempotency_key}:${hash}`).slice(0, 22).toLowerCase();
		const key = `needs/${new Date().getUTCFullYear()}/${name}.jpg`;
		await store.put(key, processed.data);
		photoRow = {
			storage_key: key,
			width: processed.width,
			height: processed.height,
			bytes: processed.data.byteLength
		};
	}

	const token = statusToken(secret, report.idempotency_key);
	// Who is asking, signed for the database: it takes the rate slots of this browser and network
	// itself (private.rate_rules), whatever a caller passes. A browser without a device cookie
	// gets one here.
	const ctx = await requestContext(event, 'issue');
	const payload = {
		...report,
		region: event.locals.region,
		consent_text: report.contact_email || report.contact_phone ? CONSENT_TEXT : null,
		request_hash: hash,
		token_hash: token.hash,
		ctx,
		photo: photoRow,
		// Status e-mails go out in the reporter's language.
		locale: getLocale(),
		consultation: options.consultation ?? null
	};
	try {
		const result = await event.locals.db((tx) =>
			value<{ ref: string; replayed: boolean }>(
				tx,
				'select private.submit_need($1::text::jsonb) as v',
				[JSON.stringify(payload)]
			)
		);
		return {
			status: 201,
			ref: result.ref,
			// In the reporter's language: /en/… for English pages.
			status_url: publicOrigin(event) + route(`/zgloszenie/${token.token}`),
			replayed: result.replayed
		};
	} catch (e) {
		// Rejected: the photo written for this payload belongs to no report.
		if (photoRow) await store.remove(photoRow.storage_key);
		const mapped = mapDbError(e);
		if (mapped) return mapped;
		throw e;
	}
}
