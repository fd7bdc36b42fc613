import type { Tx } from './types.ts';

/**
 * The one value `v` of a one-row query, `select public.some_function($1, $2) as v`: the shape of
 * every SQL function call the app makes. The SQL text is constant; values go in `params` only.
 */
export async function value<T>(tx: Tx, sql: string, params: unknown[] = []): Promise<T> {
	const rows = await tx.query<{ v: T }>(sql, params);
	return rows[0].v;
}
