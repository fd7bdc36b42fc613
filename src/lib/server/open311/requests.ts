import { labelOf } from '../../vocab/label.ts';
import { NEED_STATUS_LABELS } from '../../vocab/need-status.ts';
import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';

/** GeoReport v2 "GET Service Requests": at most this many requests per answer. */
export const REQUESTS_MAX = 1000;
/** The spec's default and widest window of requested_datetime: 90 days. */
const WINDOW_MS = 90 * 24 * 3600 * 1000;

export interface RequestsQuery {
	refs: string[] | null;
	codes: string[] | null;
	statuses: ('open' | 'closed')[] | null;
	start: Date | null;
	end: Date | null;
}

/** A row of public.open311_requests. */
export interface RequestRow {
	ref: string;
	status: string;
	open311_status: 'open' | 'closed';
	category: string;
	category_label: string;
	title: string;
	description: string;
	created_at: string;
	updated_at: string;
	lon: number;
	lat: number;
	locality: string | null;
	locality_slug: string | null;
	agency: string;
	photo: string | null;
}

// W3C date-time (https://www.w3.org/TR/NOTE-datetime), which the spec requires: a date, or a date
// and time with a zone (Z or ±hh:mm).
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const list = (raw: string | null) =>
	raw === null
		? null
		: raw
				.split(',')
				.map((s) => s.trim())
				.filter((s) => s !== '');

/**
 * The query of "GET Service Requests", or the reason it is refused (a 400). Parameters the spec
 * does not define (and `jurisdiction_id`, `api_key`) are left to the caller, so a client's own
 * extensions do not break it.
 */
export function parseRequestsQuery(
	params: URLSearchParams,
	now = new Date()
): { ok: true; query: RequestsQuery } | { ok: false; error: string } {
	const refs = list(params.get('service_request_id'));
	if (refs?.some((r) => !/^[A-Za-z]{1,10}-\d{4}-\d{4,9}$/.test(r))) {
		return { ok: false, error: 'service_request_id: expected references like KR-2026-0042' };
	}
	const codes = list(params.get('service_code'));
	if (codes?.some((c) => !/^[a-z0-9-]{1,40}$/.test(c))) {
		return { ok: false, error: 'service_code: unknown service code' };
	}
	const statuses = list(params.get('status'));
	if (statuses?.some((s) => s !== 'open' && s !== 'closed')) {
		return { ok: false, error: 'status: expected open, closed or both' };
	}
	const dates: (Date | null)[] = [];
	for (const name of ['start_date', 'end_date']) {
		const raw = params.get(name);
		if (raw === null || raw === '') {
			dates.push(null);
			continue;
		}
		const date = new Date(raw);
		if (!W3C_DATETIME.test(raw) || Number.isNaN(date.getTime())) {
			return { ok: false, error: `${name}: expected a W3C date-time such as 2026-12-05T10:00:00Z` };
		}
		dates.push(date);
	}
	let [start, end] = dates;
	if (refs)
		return {
			ok: true,
			query: {
				refs: refs.map((r) => r.toUpperCase()),
				codes: null,
				statuses: null,
				start: null,
				end: null
			}
		};
	// The spec: without dates the most recent 90 days; a range may not span more than 90 days.
	end ??= start ? new Date(start.getTime() + WINDOW_MS) : now;
	start ??= new Date(end.getTime() - WINDOW_MS);
	if (start > end) return { ok: false, error: 'start_date: must not be after end_date' };
	if (end.getTime() - start.getTime() > WINDOW_MS) {
		return { ok: false, error: 'start_date, end_date: the range may not span more than 90 days' };
	}
	return {
		ok: true,
		query: {
			refs: null,
			codes,
			statuses: statuses as ('open' | 'closed')[] | null,
			start,
			end
		}
	};
}

/** The public needs the query selects, newest first, under RLS. */
export const readRequests = (tx: Tx, region: string, q: RequestsQuery) =>
	value<RequestRow[]>(tx, 'select public.open311_requests($1, $2, $3, $4, $5, $6, $7) as v', [
		region,
		q.refs,
		q.codes,
		q.statuses,
		q.start?.toISOString() ?? null,
		q.end?.toISOString() ?? null,
		REQUESTS_MAX
	]);

/** RFC 3339 in UTC without milliseconds: the W3C profile the spec asks for. */
const datetime = (at: string) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * A public need as a GeoReport v2 service request. The spec knows only `open` and `closed`; the
 * app's own status stays readable in `status_notes` (its Polish name and code). The need's title
 * leads the description, since the spec has no title of its own.
 */
export function toServiceRequest(row: RequestRow, origin: string) {
	return {
		service_request_id: row.ref,
		status: row.open311_status,
		status_notes: `${labelOf(NEED_STATUS_LABELS, row.status, 'pl')} (${row.status})`,
		service_name: row.category_label,
		service_code: row.category,
		description: row.description ? `${row.title}\n\n${row.description}` : row.title,
		agency_responsible: row.agency,
		service_notice: '',
		requested_datetime: datetime(row.created_at),
		updated_datetime: datetime(row.updated_at),
		expected_datetime: '',
		address: row.locality ?? '',
		address_id: row.locality_slug ?? '',
		zipcode: '',
		lat: row.lat,
		long: row.lon,
		media_url: row.photo ? `${origin}/media/${row.photo}` : ''
	};
}
