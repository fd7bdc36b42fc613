import type { Claims, Database, OwnerTx } from './types.ts';

const API_ROLES = new Set(['anon', 'authenticated']);

/**
 * Switches the transaction to the request's role and claims with set_config(…, true), exactly as
 * PostgREST does; both settings end with the transaction.
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
	return (claims, fn) =>
		asOwner(async (tx) => {
			await enterRole(tx, claims);
			return fn({ query: tx.query });
		});
}
