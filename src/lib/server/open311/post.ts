import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { TITLE_MAX } from '../../report/limits.ts';
import { isBodyTooLarge } from '../http/responses.ts';
import { submitReport } from '../reports/submit.ts';
import { getEnv } from '../db/index.ts';
import { open311Error, open311Response, type Open311Format } from './format.ts';

/**
 * The title of a report sent without `attribute[title]`: the first line of its description, cut
 * at a word before TITLE_MAX characters. GeoReport v2 has no title field of its own.
 */
export function titleFrom(description: string): string {
	const line = description.trim().split(/\r?\n/)[0].replace(/\s+/g, ' ').trim();
	if (line.length <= TITLE_MAX) return line;
	const cut = line.slice(0, TITLE_MAX - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export type Open311Fields = Record<string, string>;

/**
 * A GeoReport v2 "POST Service Request" as the app's own report (the fields POST /api/needs
 * takes), or why it cannot be one. The spec's `first_name`, `last_name`, `device_id`,
 * `account_id` and `media_url` are not kept: the app stores no names, and never fetches a URL a
 * client names. Without `attribute[contact_consent]=true` an e-mail address or phone number is
 * not stored, and the answer's service_notice says so.
 */
export function toReport(
	fields: Open311Fields,
	idempotencyKey: string | null
): { ok: true; raw: Record<string, string>; notices: string[] } | { ok: false; error: string } {
	const code = fields.service_code?.trim();
	if (!code) return { ok: false, error: 'service_code: required' };
	const hasPoint = Boolean(fields.lat?.trim() && fields.long?.trim());
	const village = fields.address_id?.trim() ?? '';
	if (!hasPoint && !village) {
		return {
			ok: false,
			error: 'lat and long, or address_id (a village slug from /api/villages.geojson), are required'
		};
	}
	const description = (fields.description ?? '').trim();
	const givenTitle = (fields['attribute[title]'] ?? '').trim();
	const title = givenTitle || titleFrom(description);
	if (!title) return { ok: false, error: 'description: required' };
	// A title taken whole from the description's first line leaves the rest as the description;
	// a shortened one leaves the description whole.
	const rest =
		givenTitle || title.endsWith('…')
			? description
			: description.split(/\r?\n/).slice(1).join('\n').trim();
	const notices: string[] = [];
	const contact = (fields.email ?? '').trim() || (fields.phone ?? '').trim();
	const consent = fields['attribute[contact_consent]'] === 'true';
	if (contact && !consent) {
		notices.push(
			'Kontakt nie został zapisany: brak zgody (attribute[contact_consent]=true). / The contact was not stored: no consent.'
		);
	}
	return {
		ok: true,
		notices,
		raw: {
			kind: (fields['attribute[kind]'] ?? '').trim() || 'need',
			category: code,
			title,
			description: rest,
			...(hasPoint ? { lat: fields.lat.trim(), lon: fields.long.trim() } : { village }),
			...(contact && consent ? { contact, contact_consent: 'true' } : {}),
			idempotency_key: idempotencyKey ?? randomUUID(),
			website: ''
		}
	};
}

const sameKey = (given: string, expected: string) =>
	timingSafeEqual(
		createHash('sha256').update(given).digest(),
		createHash('sha256').update(expected).digest()
	);

/**
 * POST requests.{json,xml}: the report goes through the same guarded path as POST /api/needs
 * (submitReport: validation, rate limits, idempotency, one transaction), so it waits in moderation
 * like any other. The idempotency key comes from the `Idempotency-Key` header
 * (draft-ietf-httpapi-idempotency-key-header) or `attribute[idempotency_key]`; a replay with the
 * same key and payload answers the same id and creates nothing.
 */
export async function postServiceRequest(
	event: RequestEvent,
	format: Open311Format
): Promise<Response> {
	const type = event.request.headers.get('content-type') ?? '';
	if (
		!type.startsWith('application/x-www-form-urlencoded') &&
		!type.startsWith('multipart/form-data')
	) {
		return open311Error(
			format,
			400,
			'the body must be application/x-www-form-urlencoded or multipart/form-data'
		);
	}
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch (e) {
		if (isBodyTooLarge(e)) return open311Error(format, 413, 'the request body is too large');
		return open311Error(format, 400, 'the body could not be read');
	}
	const fields: Open311Fields = {};
	for (const [key, v] of form) if (typeof v === 'string' && !(key in fields)) fields[key] = v;

	const required = getEnv().open311ApiKey;
	if (required && !sameKey(fields.api_key ?? '', required)) {
		return open311Error(format, 403, 'api_key: missing or not valid');
	}
	if (fields.jurisdiction_id && fields.jurisdiction_id !== event.locals.region) {
		return open311Error(
			format,
			404,
			`jurisdiction_id: unknown jurisdiction ${fields.jurisdiction_id}`
		);
	}
	const key =
		event.request.headers.get('idempotency-key')?.replace(/^"|"$/g, '') ??
		fields['attribute[idempotency_key]'] ??
		null;
	const report = toReport(fields, key);
	if (!report.ok) return open311Error(format, 400, report.error);
	const media = form.get('media');
	const photo = media instanceof File && media.size > 0 ? media : null;

	const result = await submitReport(event, report.raw, photo);
	if (result.status !== 201) {
		const details = Object.entries(result.fields ?? {})
			.map(([field, message]) => `${field}: ${message}`)
			.join('; ');
		return open311Error(
			format,
			result.status,
			details ? `${result.error} ${details}` : result.error,
			result.retryAfter ? { 'retry-after': String(result.retryAfter) } : {}
		);
	}
	const notice = [
		'Zgłoszenie przyjęte; pojawi się publicznie po sprawdzeniu przez moderatora. / Received; public once a moderator has checked it.',
		`Status: ${result.status_url}`,
		...report.notices
	].join(' ');
	return open311Response(
		format,
		'service_requests',
		[{ service_request_id: result.ref, service_notice: notice, account_id: '' }],
		{ status: 201 }
	);
}
