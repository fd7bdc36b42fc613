import { DatabaseUnavailableError, isDatabaseUnavailable } from '../db/errors.ts';
import type { Database } from '../db/types.ts';

/**
 * Health endpoints for a supervisor or load balancer (systemd, Docker HEALTHCHECK, Kubernetes
 * probes): `/healthz` says the process answers and touches nothing else; `/readyz` says it can
 * serve, i.e. the database answers within a short time and has every migration this build
 * bundles. Both are cheap, unauthenticated and never cached.
 */
export const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

export interface Readiness {
	ready: boolean;
	database: 'ok' | 'unavailable';
	/** Bundled migrations (by version) the database has not applied yet. */
	pending: string[];
	error?: string;
}

const VERSION = /^(\d{14})_/;

/** The 14-digit versions of the migration files bundled into this build. */
export function migrationVersions(names: string[]): string[] {
	return names.flatMap((name) => VERSION.exec(name)?.[1] ?? []);
}

/**
 * One cheap transaction: the versions recorded in supabase_migrations.schema_migrations (the
 * Supabase CLI's table, shared by our runner). Bounded by statement_timeout on the server and by
 * a timer here, so a database that stopped answering gives "unavailable", not a hung probe.
 */
export async function readiness(
	db: Database,
	bundled: string[],
	timeoutMs = 2_000
): Promise<Readiness> {
	const check = db.asOwner(async (tx) => {
		await tx.query("select set_config('statement_timeout', $1, true)", [`${timeoutMs}ms`]);
		return tx.query<{ version: string }>(
			'select version from supabase_migrations.schema_migrations'
		);
	});
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new DatabaseUnavailableError(new Error(`no answer in ${timeoutMs} ms`))),
			timeoutMs + 500
		);
	});
	try {
		const rows = await Promise.race([check, timeout]);
		const applied = new Set(rows.map((r) => r.version));
		const pending = bundled.filter((version) => !applied.has(version));
		return { ready: pending.length === 0, database: 'ok', pending };
	} catch (e) {
		// The losing query may still fail later; it has been answered for.
		check.catch(() => {});
		if (!isDatabaseUnavailable(e)) throw e;
		return { ready: false, database: 'unavailable', pending: [], error: (e as Error).message };
	} finally {
		clearTimeout(timer);
	}
}

/** JSON for a probe: 200 when healthy, 503 otherwise, never stored by a cache. */
export function probeResponse(ok: boolean, body: Record<string, unknown>): Response {
	return new Response(JSON.stringify(body), {
		status: ok ? 200 : 503,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store'
		}
	});
}
