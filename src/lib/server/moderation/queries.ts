import * as m from '$lib/paraglide/messages';
import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import { SQLSTATE } from '../db/sqlstate.ts';
import type { NeedKind } from '../../vocab/need-kind.ts';
import type { NeedStatus } from '../../vocab/need-status.ts';

// Moderation. Every call is a SQL function from
// supabase/migrations/20261205000700_moderation.sql, run as the signed-in person: RLS decides
// (editors write, council reads), these wrappers only shape the results.

export interface ModerationNeed {
	id: string;
	ref: string;
	kind: NeedKind;
	category: string;
	category_label: string;
	title: string;
	description: string;
	status: NeedStatus;
	support_count: number;
	entered_by_organizer: boolean;
	created_at: string;
	hidden_at: string | null;
	hidden_reason: 'abuse_reports' | 'moderator' | null;
	merged_into: string | null;
	merged_into_ref: string | null;
	lon: number;
	lat: number;
	locality: string | null;
	locality_slug: string | null;
	photo: { storage_key: string; hidden: boolean; width: number; height: number } | null;
	/** Open abuse reports. */
	abuse_reports: number;
	/** Three or more open abuse reports on a need that stays public: it waits in the queue. */
	abuse_flagged: boolean;
	/** How many networks the open abuse reports came from (null without open reports). */
	abuse_networks: number | null;
	/** Supports concentrated on one network (private.support_alerts), or null. */
	support_alert: SupportAlert | null;
}

/**
 * `burst`: supports one network gave within an hour (from 10); `top_network` of `total`: the
 * supports of one network when it gave more than half of at least 10. Counts only.
 */
export interface SupportAlert {
	burst: number | null;
	top_network: number | null;
	total: number;
	last_at: string;
}

export interface ModerationDetail {
	need: ModerationNeed;
	events: { status: string; note: string | null; is_public: boolean; at: string }[];
	contact: { email: string | null; phone: string | null; consent_text: string } | null;
	abuse: { reason: string; at: string; reviewed: boolean }[];
}

export interface SimilarForStaff {
	id: string;
	ref: string;
	title: string;
	category: string;
	status: string;
	support_count: number;
	hidden: boolean;
	distance_m: number;
}

export interface AuditEntry {
	id: number;
	actor: string | null;
	actor_name: string | null;
	actor_role: string | null;
	table_name: string;
	row_id: string | null;
	action: 'insert' | 'update' | 'delete';
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
	at: string;
}

export interface AuditPage {
	total: number;
	tables: string[];
	entries: AuditEntry[];
}

/** The most rows public.moderation_queue returns (the oldest first). */
export const MODERATION_LIST_LIMIT = 500;

export const moderationQueue = (tx: Tx, region: string, status: string | null) =>
	value<ModerationNeed[]>(tx, 'select public.moderation_queue($1, $2) as v', [region, status]);

export const moderationNeed = (tx: Tx, id: string) =>
	value<ModerationDetail | null>(tx, 'select public.moderation_need($1) as v', [id]);

export const similarForStaff = (tx: Tx, id: string) =>
	value<SimilarForStaff[]>(tx, 'select public.similar_needs_staff($1, 10) as v', [id]);

export const moderateNeed = (
	tx: Tx,
	id: string,
	status: string,
	note: string | null,
	notePublic: boolean
) =>
	value<{ id: string; status: string }>(tx, 'select public.moderate_need($1, $2, $3, $4) as v', [
		id,
		status,
		note,
		notePublic
	]);

export const mergeNeeds = (tx: Tx, duplicate: string, keep: string, note: string | null) =>
	value<{ kept_ref: string; moved: number; support_count: number }>(
		tx,
		'select public.merge_needs($1, $2, $3) as v',
		[duplicate, keep, note]
	);

export const setNeedHidden = (tx: Tx, id: string, hidden: boolean) =>
	value<unknown>(tx, 'select public.set_need_hidden($1, $2) as v', [id, hidden]);

export const editNeedText = (tx: Tx, id: string, title: string, description: string) =>
	value<unknown>(tx, 'select public.edit_need_text($1, $2, $3) as v', [id, title, description]);

export const setPhotoHidden = (tx: Tx, id: string, hidden: boolean) =>
	value<unknown>(tx, 'select public.set_photo_hidden($1, $2) as v', [id, hidden]);

export interface AssistedEntry {
	region: string;
	kind: string;
	category: string;
	title: string;
	description: string;
	village: string;
	publish: boolean;
	contact_email: string | null;
	contact_phone: string | null;
	consent_text: string | null;
}

export const enterNeed = (tx: Tx, entry: AssistedEntry) =>
	value<{ id: string; ref: string }>(tx, 'select public.enter_need($1::text::jsonb) as v', [
		JSON.stringify(entry)
	]);

export const auditEntries = (
	tx: Tx,
	filters: { table: string | null; from: string | null; to: string | null },
	limit: number,
	offset: number
) =>
	value<AuditPage>(tx, 'select public.audit_entries($1, $2::date, $3::date, $4, $5) as v', [
		filters.table,
		filters.from,
		filters.to,
		limit,
		offset
	]);

/** Postgres errors of the moderation functions as a sentence for the form, or null. */
export function moderationError(e: unknown): { status: 400 | 403 | 409; message: string } | null {
	const { code, message } = e as { code?: string; message?: string };
	if (code === SQLSTATE.insufficientPrivilege)
		return { status: 403, message: m.mod_error_forbidden() };
	if (code === SQLSTATE.unprocessable) return { status: 409, message: m.mod_error_transition() };
	if (code === SQLSTATE.invalidParameterValue) {
		if (message === 'reason_required') return { status: 400, message: m.mod_error_reason() };
		if (message === 'note_required') return { status: 400, message: m.mod_error_note() };
		return { status: 400, message: m.mod_error_merge() };
	}
	return null;
}
