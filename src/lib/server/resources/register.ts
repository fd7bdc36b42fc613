import type { Tx } from '../db/types.ts';
import { value } from '../db/value.ts';
import type { ResourceInput } from './fields.ts';
import type { ResourceStatus } from '../../vocab/resource-status.ts';
import type { AcceptedRow } from './import.ts';

// Calls of the register's SQL functions (supabase/migrations/20261205000500_resources.sql).
// They are SECURITY INVOKER: run through locals.db, RLS decides every row.

/** A resource as the panel lists, shows and exports it. */
export interface ResourceRecord extends Omit<ResourceInput, 'status'> {
	id: string;
	status: ResourceStatus;
	category_label: string;
	locality: string | null;
	photo_key: string | null;
	is_demo: boolean;
	updated_at: string;
}

export interface RegisterFilters {
	status: ResourceStatus | null;
	category: string | null;
	query: string | null;
}

export const listResources = (tx: Tx, region: string, f: RegisterFilters) =>
	value<ResourceRecord[]>(tx, 'select public.resources_register($1, $2, $3, $4) as v', [
		region,
		f.status,
		f.category,
		f.query
	]);

export const exportResources = (tx: Tx, region: string, f: Omit<RegisterFilters, 'query'>) =>
	value<ResourceRecord[]>(tx, 'select public.resources_export($1, $2, $3) as v', [
		region,
		f.status,
		f.category
	]);

export const resourceDetail = (tx: Tx, id: string) =>
	value<ResourceRecord | null>(tx, 'select public.resource_detail($1::uuid) as v', [id]);

/** Insert (id null) or update; `photoKey` undefined keeps the current photo, null removes it. */
export function saveResource(
	tx: Tx,
	region: string,
	id: string | null,
	input: ResourceInput,
	photoKey?: string | null
) {
	const payload: Record<string, unknown> = { ...input };
	if (photoKey !== undefined) payload.photo_key = photoKey;
	return value<string>(tx, 'select public.resource_save($1, $2::uuid, $3::text::jsonb) as v', [
		region,
		id,
		JSON.stringify(payload)
	]);
}

export const setResourceStatus = (tx: Tx, id: string, status: ResourceStatus) =>
	tx.query('select public.resource_set_status($1::uuid, $2)', [id, status]);

/** What happened to one written row; `changed` names the fields an update wrote. */
export interface DbImportRow {
	row: number;
	id: string;
	outcome: 'created' | 'updated' | 'unchanged';
	changed: string[];
}

export interface DbImportResult {
	inserted: number;
	updated: number;
	unchanged: number;
	committed: boolean;
	/** Empty when nothing was committed. */
	rows: DbImportRow[];
	rejected: { row: number; field: string; code: string }[];
}

export const importResources = (tx: Tx, region: string, rows: AcceptedRow[], partial: boolean) =>
	value<DbImportResult>(tx, 'select public.resources_import($1, $2::text::jsonb, $3) as v', [
		region,
		JSON.stringify(rows),
		partial
	]);
