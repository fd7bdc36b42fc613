import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../src/lib/server/db/types.ts';
import { signContext, type SignedContext } from '../../src/lib/server/guard/context.ts';

// What the app server does before a guarded write, for the SQL tests: read the database's
// secret as the owner and sign a request context with it (src/lib/server/guard/context.ts).

export const hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** The per-database HMAC secret, read as the owner (never reachable by a request role). */
export async function readSecret(db: Database): Promise<string> {
	const rows = await db.asOwner((tx) =>
		tx.query<{ value: string }>("select value from private.app_secrets where name = 'hmac'")
	);
	return rows[0].value;
}

/**
 * A signed context; by default a new device and a new network, so tests that commit (and the
 * shared PostgreSQL database) never run into each other's rate limits.
 */
export function context(
	secret: string,
	over: { device?: string | null; ip?: string } = {}
): SignedContext {
	const device = over.device === undefined ? hex(`device-${randomUUID()}`) : over.device;
	return signContext(secret, device, over.ip ?? hex(`ip-${randomUUID()}`));
}
