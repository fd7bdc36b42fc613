import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	AccountExistsError,
	LOGIN_MAX_FAILURES,
	createLocalAccount,
	loginLocal,
	logoutLocal,
	sessionUser
} from '../../src/lib/server/auth/local.ts';
import { localClaims } from '../../src/lib/server/auth/session.ts';
import type { Database } from '../../src/lib/server/db/types.ts';
import { backends, sqlState } from './backends.ts';

// Issue #4, item 1 (local accounts): argon2id, hashed session tokens, throttled failures,
// logout, and claims of Supabase's shape that RLS treats like Supabase Auth's.

const SECRET = 'test-secret-for-hmac';
const PASSWORD = 'poprawne-haslo-123';

describe.each(backends)('local accounts on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		await db?.close();
	});

	const fresh = () => `u-${randomUUID().slice(0, 8)}@kramsk.test`;
	const ip = () => `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

	it('stores an argon2id hash, never the password, and refuses a second account with the same e-mail', async () => {
		const email = fresh();
		const id = await createLocalAccount(db, { email, password: PASSWORD, role: 'organizer' });
		const [row] = await db.asOwner((tx) =>
			tx.query<{ password_hash: string }>(
				'select password_hash from private.local_accounts where id = $1',
				[id]
			)
		);
		expect(row.password_hash).toMatch(/^\$argon2id\$/);
		expect(row.password_hash).not.toContain(PASSWORD);
		await expect(
			createLocalAccount(db, { email: email.toUpperCase(), password: PASSWORD, role: 'admin' })
		).rejects.toBeInstanceOf(AccountExistsError);
	});

	it('signs in with the right password, resolves the session with its role, and logs out', async () => {
		const email = fresh();
		await createLocalAccount(db, { email, password: PASSWORD, role: 'council' });
		const result = await loginLocal(db, SECRET, { email, password: PASSWORD, ip: ip() });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.user).toMatchObject({ email, role: 'council' });
		// Only the hash of the token is stored.
		const stored = await db.asOwner((tx) =>
			tx.query<{ n: number }>(
				'select count(*)::int as n from private.local_sessions where token_hash = $1',
				[result.token]
			)
		);
		expect(stored[0].n).toBe(0);
		expect(await sessionUser(db, result.token)).toMatchObject({ email, role: 'council' });
		await logoutLocal(db, result.token);
		expect(await sessionUser(db, result.token)).toBeNull();
	});

	it('refuses a wrong password and an unknown e-mail alike', async () => {
		const email = fresh();
		await createLocalAccount(db, { email, password: PASSWORD, role: 'organizer' });
		const a = await loginLocal(db, SECRET, { email, password: 'zle-haslo-12345', ip: ip() });
		const b = await loginLocal(db, SECRET, { email: fresh(), password: PASSWORD, ip: ip() });
		expect(a).toEqual({ ok: false, reason: 'invalid' });
		expect(b).toEqual({ ok: false, reason: 'invalid' });
	});

	it(`throttles after ${LOGIN_MAX_FAILURES} failures for an e-mail, even with the right password`, async () => {
		const email = fresh();
		await createLocalAccount(db, { email, password: PASSWORD, role: 'organizer' });
		for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
			const r = await loginLocal(db, SECRET, { email, password: `zle-${i}-haslo`, ip: ip() });
			expect(r).toEqual({ ok: false, reason: 'invalid' });
		}
		expect(await loginLocal(db, SECRET, { email, password: PASSWORD, ip: ip() })).toEqual({
			ok: false,
			reason: 'throttled'
		});
	});

	it('throttles one IP guessing across many e-mails', async () => {
		const from = ip();
		for (let i = 0; i < LOGIN_MAX_FAILURES; i++)
			await loginLocal(db, SECRET, { email: fresh(), password: 'zle-haslo-xx', ip: from });
		const email = fresh();
		await createLocalAccount(db, { email, password: PASSWORD, role: 'organizer' });
		expect(await loginLocal(db, SECRET, { email, password: PASSWORD, ip: from })).toEqual({
			ok: false,
			reason: 'throttled'
		});
	});

	it('an expired session or a disabled account resolves to nobody', async () => {
		const email = fresh();
		const id = await createLocalAccount(db, { email, password: PASSWORD, role: 'admin' });
		const r1 = await loginLocal(db, SECRET, { email, password: PASSWORD, ip: ip() });
		const r2 = await loginLocal(db, SECRET, { email, password: PASSWORD, ip: ip() });
		if (!r1.ok || !r2.ok) throw new Error('login failed');
		await db.asOwner((tx) =>
			tx.query(
				"update private.local_sessions set expires_at = now() - interval '1 second' where account_id = $1",
				[id]
			)
		);
		expect(await sessionUser(db, r1.token)).toBeNull();
		const r3 = await loginLocal(db, SECRET, { email, password: PASSWORD, ip: ip() });
		if (!r3.ok) throw new Error('login failed');
		await db.asOwner((tx) =>
			tx.query('update private.local_accounts set disabled = true where id = $1', [id])
		);
		expect(await sessionUser(db, r3.token)).toBeNull();
		expect(await loginLocal(db, SECRET, { email, password: PASSWORD, ip: ip() })).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});

	it("a local session's claims get the same RLS answers as Supabase's: staff see drafts, no role sees none", async () => {
		const organizer = await createLocalAccount(db, {
			email: fresh(),
			password: PASSWORD,
			role: 'organizer'
		});
		const nobody = await createLocalAccount(db, { email: fresh(), password: PASSWORD, role: null });
		const draftCount = (user: { id: string; role: 'organizer' | null }) =>
			db.asUser(localClaims({ id: user.id, email: 'x@kramsk.test', role: user.role }), (tx) =>
				tx.query<{ n: number; role: string | null }>(
					"select count(*)::int as n, private.app_role() as role from public.resources where status = 'draft'"
				)
			);
		await db.asOwner((tx) =>
			tx.query(
				`insert into public.resources (region_id, category, name, point, status)
				 select id, 'swietlica', 'Szkic testowy auth', extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326), 'draft'
				 from public.regions where slug = 'kramsk'`
			)
		);
		const [asOrganizer] = await draftCount({ id: organizer, role: 'organizer' });
		const [asNobody] = await draftCount({ id: nobody, role: null });
		expect(asOrganizer.role).toBe('organizer');
		expect(asOrganizer.n).toBeGreaterThan(0);
		expect(asNobody).toEqual({ n: 0, role: null });
	});

	it('request roles cannot read accounts or sessions, nor call the login functions', async () => {
		for (const sql of [
			'select * from private.local_accounts',
			'select * from private.local_sessions',
			"select * from private.local_account_by_email('a@b.c')",
			"select private.create_local_account('a@b.c', '$argon2id$x', 'admin', '')"
		]) {
			const state = await sqlState(
				db.asUser({ role: 'authenticated', sub: randomUUID() }, (tx) => tx.query(sql))
			);
			expect(state, sql).toBe('42501');
		}
	});
});
