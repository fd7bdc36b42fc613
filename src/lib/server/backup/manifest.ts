import { resolve } from 'node:path';
import * as v from 'valibot';
import type { Tx } from '../db/types.ts';

/**
 * One backup is one gzip-compressed tar file (the npm `tar` package writes and reads it):
 *
 *   database.pgdump   PostgreSQL: `pg_dump -Fc` of the whole database, or
 *   pgdata.tar        embedded: the PGlite data directory (PGlite's `dumpDataDir`)
 *   uploads/…         the photos of DATA_DIR/uploads (absent when they live in Supabase Storage)
 *   manifest.json     written last: what the file holds, with the SHA-256 of every other entry
 *
 * `tar tzf kopia.tar.gz` lists it and `tar xzf` unpacks it without this app.
 */
export const FORMAT = 'mapa-zasobow-i-potrzeb/kopia';
export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';
export const DATABASE_ENTRY = { postgres: 'database.pgdump', pglite: 'pgdata.tar' } as const;
export const UPLOADS = 'uploads';

/**
 * DATA_DIR/uploads, where LocalPhotoStore (photos/store.ts) keeps the photos of needs and
 * resources; tests/db/backup.spec.ts checks that they agree. Not
 * imported from there because the CLI scripts run under Node's type stripping, which does not
 * accept those classes' parameter properties.
 */
export const uploadsDir = (dataDir: string) => resolve(dataDir, UPLOADS);

/** An expected failure with a one-line Polish message for the operator. */
export class BackupError extends Error {
	override name = 'BackupError';
}

const Sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const CountsSchema = v.object({
	needs: Count,
	status_links: Count,
	local_accounts: Count,
	photos: Count,
	resources: Count
});
export type Counts = v.InferOutput<typeof CountsSchema>;

const FileEntry = v.object({
	path: v.pipe(
		v.string(),
		v.regex(/^uploads\/[^\0]+$/),
		v.check((p) => !p.split('/').includes('..'))
	),
	bytes: Count,
	sha256: Sha256
});

export const ManifestSchema = v.object({
	format: v.literal(FORMAT),
	version: v.literal(FORMAT_VERSION),
	created_at: v.pipe(v.string(), v.isoTimestamp()),
	backend: v.picklist(['postgres', 'pglite']),
	database: v.object({
		entry: v.picklist(Object.values(DATABASE_ENTRY)),
		bytes: Count,
		sha256: Sha256,
		/** `server_version` of the source, e.g. "15.18". */
		server_version: v.string(),
		/** `pg_dump --version` (PostgreSQL only). */
		tool: v.optional(v.string())
	}),
	/** Versions of the applied migrations (supabase_migrations.schema_migrations). */
	migrations: v.array(v.string()),
	/** Rows just before the copy; reports arriving during the copy may or may not be in it. */
	counts: CountsSchema,
	uploads: v.object({
		/** `supabase-storage`: the photos are in the Storage bucket and not in this file. */
		location: v.picklist(['included', 'supabase-storage']),
		files: v.array(FileEntry)
	})
});
export type Manifest = v.InferOutput<typeof ManifestSchema>;

/** What the operator is told about a database (backup summary, --check, after a restore). */
export async function describeDatabase(
	tx: Tx
): Promise<{ counts: Counts; migrations: string[]; server_version: string }> {
	const [row] = await tx.query<Counts & { server_version: string; migrations: string[] | null }>(
		`select (select count(*) from public.needs)::int as needs,
		        (select count(*) from private.need_status_tokens)::int as status_links,
		        (select count(*) from private.local_accounts)::int as local_accounts,
		        (select count(*) from public.need_photos)::int as photos,
		        (select count(*) from public.resources)::int as resources,
		        current_setting('server_version') as server_version,
		        (select array_agg(version order by version) from supabase_migrations.schema_migrations) as migrations`
	);
	const { server_version, migrations, ...counts } = row;
	return { counts, migrations: migrations ?? [], server_version };
}

/** "zgłoszenia 12, linki statusu 12, konta 2, zdjęcia 3, zasoby 40" */
export function formatCounts(c: Counts): string {
	return (
		`zgłoszenia ${c.needs}, linki statusu ${c.status_links}, konta lokalne ${c.local_accounts}, ` +
		`zdjęcia zgłoszeń ${c.photos}, zasoby ${c.resources}`
	);
}

/** Major version of "15.18 (Debian …)" or "pg_dump (PostgreSQL) 16.2". */
export function majorVersion(text: string): number | null {
	const match = /(\d+)(?:\.\d+)?/.exec(text.replace(/^[^\d]*/, ''));
	return match ? Number(match[1]) : null;
}
