import { expect, type Cookie, type Page } from '@playwright/test';
import type { StaffRole } from '../../src/lib/types.ts';
import { PASSWORD, USERS } from '../accounts.ts';
import { gotoSettled } from './helpers.ts';

export { USERS };
export const E2E_PASSWORD = PASSWORD;

/**
 * The session cookies each staff account got in this worker. A worker talks to one server
 * (tests/e2e/fixtures.ts), so a role's session stays valid for the worker's later tests unless
 * a test ends it by signing out; `signIn` then signs in through the form again.
 */
const sessions = new Map<StaffRole, Cookie[]>();

/** Signs in through the login form, the way a person does, and lands on `next` (default /panel). */
export async function signInWithForm(page: Page, role: StaffRole, next = '/panel'): Promise<void> {
	// Typed before hydration, the e-mail could be reset by the hydrating form on a slow machine.
	await gotoSettled(page, `/logowanie?next=${encodeURIComponent(next)}`);
	await page.getByLabel(/e-mail/i).fill(USERS[role]);
	await page.getByLabel(/hasło|password/i).fill(E2E_PASSWORD);
	await page.getByRole('button', { name: /zaloguj|sign in/i }).click();
	await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}`));
	sessions.set(
		role,
		(await page.context().cookies()).filter((cookie) => cookie.name === 'mz_session')
	);
}

/**
 * Opens `next` (default /panel) signed in as `role`: with the session this worker already has for
 * the role, otherwise through the login form. The form itself is tested in auth.e2e.ts; the other
 * tests need only a staff session, and an Argon2 check plus the login page per test is time the
 * browser suite need not spend.
 */
export async function signIn(page: Page, role: StaffRole, next = '/panel'): Promise<void> {
	const saved = sessions.get(role);
	if (saved) {
		await page.context().addCookies(saved);
		// A session that was signed out since redirects /panel to the login page.
		const panel = await page.request.get('/panel', { maxRedirects: 0 });
		if (panel.status() === 200) {
			// Settled, so the page has hydrated before the test types (after the form, the app
			// navigates to `next` itself, with nothing to hydrate).
			await gotoSettled(page, next);
			return;
		}
		sessions.delete(role);
	}
	await signInWithForm(page, role, next);
}
