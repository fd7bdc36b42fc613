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

/**
 * The JSON a resident's report sends to `private.submit_need`: a need in Kramsk, anonymous and
 * without a photo, with a new idempotency key (and the hashes the server derives from it) each
 * call. `over` replaces or adds fields (a signed `ctx`, a consultation code, a contact …).
 */
export function needReport(title: string, over: Record<string, unknown> = {}) {
	const key = randomUUID();
	return {
		region: 'kramsk',
		kind: 'need',
		category: 'seniorzy',
		title,
		description: '',
		lon: 18.4267,
		lat: 52.265,
		village: null,
		contact_email: null,
		contact_phone: null,
		consent_text: null,
		idempotency_key: key,
		request_hash: hex(`payload-${key}`),
		token_hash: hex(`token-${key}`),
		photo: null,
		...over
	};
}
