import type { Claims, Database, OwnerTx } from './types.ts';

const API_ROLES = new Set(['anon', 'authenticated']);

/**
 * Switches the transaction to the request's role and claims with set_config(…, true), exactly as
 * PostgREST does; the settings end with the transaction. The statement timeout applies to every
 * statement of the request after this one: PostgreSQL cancels a statement that runs longer (SQLSTATE
 * 57014), which ends the transaction. Work inside PostGIS/GEOS loops that do not check for
 * interrupts (ST_ClusterDBSCAN) only stops at their end, which is why such work is bounded in SQL
 * (private.need_clusters).
 */
export async function enterRole(tx: OwnerTx, claims: Claims): Promise<void> {
	if (!API_ROLES.has(claims.role))
		throw new Error(`refusing to run a request as role ${claims.role}`);
	await tx.query(
		"select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('statement_timeout', '15s', true)",
		[claims.role, JSON.stringify(claims)]
	);
}

/** Builds `asUser` from a backend's `asOwner`: the same role switch on every backend. */
export function asUserVia(asOwner: Database['asOwner']): Database['asUser'] {
	return (claims, fn, signal) =>
		asOwner(async (tx) => {
			await enterRole(tx, claims);
			return fn({ query: tx.query });
		}, signal);
}
