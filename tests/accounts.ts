import type { StaffRole } from '../src/lib/types.ts';

/**
 * The staff accounts the test apps start with, one per role: the browser suite's server creates
 * them with `npm run user:create` (playwright.config.ts), the in-process app (tests/http/app.ts)
 * with the same function that command calls.
 */
export const PASSWORD = 'haslo-testowe-e2e-1';
export const USERS: Record<StaffRole, string> = {
	admin: 'admin@kramsk.test',
	organizer: 'organizator@kramsk.test',
	council: 'radna@kramsk.test'
};
