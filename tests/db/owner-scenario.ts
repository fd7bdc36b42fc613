import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { claims, tryAsOwner } from './backends.ts';

/**
 * One owner transaction in the `kramsk` region, rolled back at the end (the shared PostgreSQL
 * database stays clean), with the steps the mail tests (status e-mails, following) share.
 */
export interface OwnerScenario {
	tx: OwnerTx;
	/** The id of the `kramsk` region. */
	region: string;
	/** Switches to a request role (as the hooks do) or back to the owner. */
	as: (who: Claims | 'owner') => Promise<void>;
	/** Sets a need's status as an organizer (RLS applies), then returns to the owner. */
	setStatus: (need: string, status: string) => Promise<void>;
	/** The rows of one statement, or its SQLSTATE, in a savepoint so the transaction goes on. */
	attempt: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[] | string>;
}

export function ownerScenario<T>(db: Database, act: (s: OwnerScenario) => Promise<T>): Promise<T> {
	return tryAsOwner(db, async (tx) => {
		const [{ id: region }] = await tx.query<{ id: string }>(
			"select id::text as id from public.regions where slug = 'kramsk'"
		);
		const as: OwnerScenario['as'] = async (who) => {
			if (who !== 'owner') return enterRole(tx, who);
			await tx.query("select set_config('role', 'none', true)");
		};
		return act({
			tx,
			region,
			as,
			setStatus: async (need, status) => {
				await as(claims.organizer);
				const changed = await tx.query(
					'update public.needs set status = $2 where id = $1 returning id',
					[need, status]
				);
				await as('owner');
				if (changed.length !== 1) throw new Error(`status of ${need} not changed to ${status}`);
			},
			attempt: async (sql, params = []) => {
				await tx.query('savepoint attempt');
				try {
					const rows = await tx.query<Record<string, unknown>>(sql, params);
					await tx.query('release savepoint attempt');
					return rows;
				} catch (e) {
					await tx.query('rollback to savepoint attempt');
					const code = (e as { code?: unknown }).code;
					if (typeof code === 'string') return code;
					throw e;
				}
			}
		});
	});
}

/** Fixtures made by `arrange` as the owner, then `act` as `who` (RLS applies); all rolled back. */
export function arrangedAs<F, T>(
	db: Database,
	arrange: (tx: OwnerTx) => Promise<F>,
	who: Claims,
	act: (tx: Tx, fx: F) => Promise<T>
): Promise<T> {
	return tryAsOwner(db, async (tx) => {
		const fx = await arrange(tx);
		await enterRole(tx, who);
		return act({ query: tx.query }, fx);
	});
}
