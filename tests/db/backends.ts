import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { openPglite } from '../../src/lib/server/db/pglite.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import type { Claims, Database, OwnerTx, Tx } from '../../src/lib/server/db/types.ts';
import { SCRATCH_DIR } from './paths.ts';
import { copyTemplate } from './template.ts';

export interface Backend {
	name: 'pglite' | 'postgres';
	open(): Promise<Database>;
}

/**
 * The backends every SQL/RLS test runs on: PGlite always (a private copy of the seeded template),
 * PostgreSQL when DATABASE_URL is set (CI). Use with describe.each(backends).
 */
export const backends: Backend[] = [
	{
		name: 'pglite',
		async open() {
			mkdirSync(SCRATCH_DIR, { recursive: true });
			const dir = mkdtempSync(`${SCRATCH_DIR}/db-`);
			copyTemplate(dir);
			const db = await openPglite(dir);
			return {
				...db,
				close: async () => (await db.close(), rmSync(dir, { recursive: true, force: true }))
			};
		}
	},
	...(process.env.DATABASE_URL
		? [{ name: 'postgres' as const, open: () => openPostgres(process.env.DATABASE_URL as string) }]
		: [])
];

class Rollback extends Error {}

/** Runs `fn` as `claims` and rolls the transaction back, so tests leave no rows behind. */
export async function tryAs<T>(
	db: Database,
	claims: Claims,
	fn: (tx: Tx) => Promise<T>
): Promise<T> {
	let result: T | undefined;
	await db
		.asUser(claims, async (tx) => {
			result = await fn(tx);
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

/** Same as tryAs, as the owner (to arrange fixtures inside the rolled-back transaction use `asOwnerThen`). */
export async function tryAsOwner<T>(db: Database, fn: (tx: OwnerTx) => Promise<T>): Promise<T> {
	let result: T | undefined;
	await db
		.asOwner(async (tx) => {
			result = await fn(tx);
			throw new Rollback();
		})
		.catch((e) => {
			if (!(e instanceof Rollback)) throw e;
		});
	return result as T;
}

/** The SQLSTATE of a failed call, or 'ok'. 42501 = insufficient_privilege (grant or RLS check). */
export async function sqlState(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		throw e;
	}
}

export const claims = {
	anon: { role: 'anon' } satisfies Claims,
	resident: { role: 'authenticated', sub: '00000000-0000-4000-8000-000000000001' } satisfies Claims,
	organizer: {
		role: 'authenticated',
		sub: '00000000-0000-4000-8000-000000000002',
		app_metadata: { role: 'organizer' }
	} satisfies Claims,
	council: {
		role: 'authenticated',
		sub: '00000000-0000-4000-8000-000000000003',
		app_metadata: { role: 'council' }
	} satisfies Claims,
	// The admin's role comes from a `profiles` row (created by the tests), not from the JWT.
	admin: { role: 'authenticated', sub: '00000000-0000-4000-8000-000000000004' } satisfies Claims
};
