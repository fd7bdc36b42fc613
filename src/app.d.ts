import type { SessionUser } from '$lib/server/auth/permissions';
import type { Claims, Tx } from '$lib/server/db/types';

declare global {
	namespace App {
		interface Locals {
			/** JWT claims of the request: `anon`, or `authenticated` after sign-in. */
			claims: Claims;
			/** The signed-in person, or null for residents (no account needed). */
			user: SessionUser | null;
			/** The only database path for handlers: one transaction under RLS as `claims`. */
			db: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
			/** Region slug served by this instance (REGION). */
			region: string;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
