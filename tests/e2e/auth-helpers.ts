import { expect, type Page } from '@playwright/test';
import type { StaffRole } from '../../src/lib/types.ts';
import { PASSWORD, USERS } from '../accounts.ts';
import { gotoSettled } from './helpers';

export { USERS };
export const E2E_PASSWORD = PASSWORD;

/** Signs in through the login form, the way a person does, and lands on `next` (default /panel). */
export async function signIn(page: Page, role: StaffRole, next = '/panel'): Promise<void> {
	// Typed before hydration, the e-mail could be reset by the hydrating form on a slow machine.
	await gotoSettled(page, `/logowanie?next=${encodeURIComponent(next)}`);
	await page.getByLabel(/e-mail/i).fill(USERS[role]);
	await page.getByLabel(/hasło|password/i).fill(E2E_PASSWORD);
	await page.getByRole('button', { name: /zaloguj|sign in/i }).click();
	await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}`));
}
