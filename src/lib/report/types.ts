import type { Category, RegionSummary, VillageSummary } from '$lib/types';
import type { NeedKind } from '$lib/vocab/need-kind';

/**
 * The text fields of one report, named as the form action and POST /api/needs expect them.
 * Coordinates stay strings: they travel as form fields and an empty one means "use the village".
 */
export interface ReportFields {
	kind: NeedKind | '';
	category: string;
	title: string;
	description: string;
	lon: string;
	lat: string;
	village: string;
	contact: string;
	contact_consent: boolean;
	idempotency_key: string;
}

/** Field names the error summary can point at; server messages use the same keys. */
export type ReportField = keyof ReportFields | 'place' | 'photo' | 'form';

export type FieldErrors = Partial<Record<ReportField, string>>;

export type QueueState = 'waiting' | 'sent' | 'rejected';

/** A report kept in IndexedDB until the server has confirmed it. */
export interface QueuedReport {
	/** The idempotency key: also the IndexedDB key, so a report can never be queued twice. */
	key: string;
	fields: ReportFields;
	/**
	 * A live consultation's code: the report is that session's answer and is sent tagged with it.
	 * Absent on ordinary reports (and on reports queued before answers were tagged).
	 */
	consultation?: string | null;
	photo: Blob | null;
	photoName: string | null;
	state: QueueState;
	createdAt: number;
	attempts: number;
	/** Earliest time of the next automatic attempt (backoff, Retry-After). */
	nextAttemptAt: number;
	/**
	 * Only where the browser lacks Web Locks: the page `lockOwner` is sending it until then, a
	 * lease it renews while sending (see lock.ts).
	 */
	lockedUntil: number;
	/** The page holding that lease; absent on reports saved before leases had owners. */
	lockOwner?: string | null;
	ref: string | null;
	statusUrl: string | null;
	/** The server's Polish message when it refused the report. */
	error: string | null;
	sentAt: number | null;
}

/** What the queue panel needs of the queue (ReportQueue in queue.svelte.ts). */
export interface QueueView {
	entries: QueuedReport[];
	/** Sent reports, newest first. */
	sent: QueuedReport[];
	sending: readonly string[];
	retryNow: (key: string) => Promise<void>;
	remove: (key: string) => Promise<void>;
	clearSent: () => Promise<void>;
}

/** One hint from GET /api/needs/similar. */
export interface SimilarNeed {
	id: string;
	ref: string;
	title: string;
	category: string;
	distance_m: number | null;
	support_count: number;
}

/** How the resident chose the place; decides how it is described back to them. */
export type PlaceSource = 'map' | 'location' | 'address' | 'village';

/** The load data the report form needs (see reportFormData in $lib/server/reports/form-load.ts). */
export interface ReportFormPageData {
	region: RegionSummary;
	categories: { need: Category[]; resource: Category[] };
	villages: VillageSummary[];
	boundaryUrl: string;
	idempotencyKey: string;
}

/** The form action's answer as the page receives it (see reportFormAction). */
export interface ReportFormAnswer {
	ref?: string;
	status_url?: string;
	values?: Partial<Record<keyof ReportFields, string>>;
	errors?: Record<string, string>;
	message?: string;
	retryAfter?: number | null;
}
