import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	AccountExistsError,
	createLocalAccount,
	loginKeys,
	loginLocal,
	logoutLocal,
	sessionUser
} from '../../src/lib/server/auth/local.ts';
import {
	ALL_ACTIONS,
	can,
	sqlHelper,
	type SessionUser
} from '../../src/lib/server/auth/permissions.ts';
import { localClaims } from '../../src/lib/server/auth/session.ts';
import type { Database, Tx } from '../../src/lib/server/db/types.ts';
import { backends, sqlState } from './backends.ts';

// Local accounts: argon2id, hashed session tokens, sign-in throttled per (account, network)
// pair, logout, and claims of Supabase's shape that RLS treats like Supabase Auth's.

const SECRET = 'test-secret-for-hmac';
const PASSWORD = 'poprawne-haslo-123';

describe.each(backends)('local accounts on $name', (backend) => {
	let db: Database;
	beforeAll(async () => {
		db = await backend.open();
	});
	afterAll(async () => {
		// PostgreSQL keeps its rows between test files: leave no accounts or profiles behind.
		await db?.asOwner(async (tx) => {
			await tx.query(
				"delete from public.profiles where id in (select id from private.local_accounts where email like 'u-%@kramsk.test')"
			);
			await tx.query("delete from private.local_accounts where email like 'u-%@kramsk.test'");
			await tx.query('delete from private.login_attempts');
		});
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

	/** Free failures of a pair before delays start (private.begin_login_attempt). */
	const FREE = 5;
	const wrong = (email: string, from: string, i = 0) =>
		loginLocal(db, SECRET, { email, password: `zle-${i}-haslo`, ip: from });
	const right = (email: string, from: string) =>
		loginLocal(db, SECRET, { email, password: PASSWORD, ip: from });
	/** Moves a pair's recorded failures `seconds` into the past (time passing, without waiting). */
	const age = (email: string, from: string, seconds: number) =>
		db.asOwner((tx) =>
			tx.query(
				'update private.login_attempts set at = at - make_interval(secs => $2) where pair = $1',
				[loginKeys(SECRET, email, from).pair, seconds]
			)
		);
	const account = async () => {
		const email = fresh();
		await createLocalAccount(db, { email, password: PASSWORD, role: 'organizer' });
		return email;
	};
	/**
	 * A refusal asking to wait `delay` seconds after the failure at `failedAt` (ms): the wait
	 * counts down from that failure, and on a busy machine a second or two may already have passed.
	 */
	const expectThrottled = (
		result: Awaited<ReturnType<typeof right>>,
		delay: number,
		failedAt: number
	) => {
		if (result.ok || result.reason !== 'throttled') throw new Error('expected a refusal');
		const passed = Math.ceil((Date.now() - failedAt) / 1000);
		expect(result.retryAfter).toBeLessThanOrEqual(delay);
		expect(result.retryAfter).toBeGreaterThanOrEqual(Math.max(1, delay - passed));
	};

	it(`throttles an (account, network) pair after ${FREE} failures, even with the right password`, async () => {
		const email = await account();
		const from = ip();
		for (let i = 0; i < FREE; i++)
			expect(await wrong(email, from, i)).toEqual({ ok: false, reason: 'invalid' });
		expect(await right(email, from)).toEqual({ ok: false, reason: 'throttled', retryAfter: 1 });
	});

	it('the same account from another network with the right password signs in at once', async () => {
		const email = await account();
		const from = ip();
		for (let i = 0; i < FREE + 2; i++) {
			await age(email, from, 60);
			await wrong(email, from, i);
		}
		expect(await right(email, from)).toMatchObject({ ok: false, reason: 'throttled' });
		expect(await right(email, ip())).toMatchObject({ ok: true, user: { email } });
	});

	it('the same network with another account is not affected', async () => {
		const email = await account();
		const other = await account();
		const from = ip();
		for (let i = 0; i < FREE; i++) await wrong(email, from, i);
		expect(await right(email, from)).toMatchObject({ ok: false, reason: 'throttled' });
		expect(await right(other, from)).toMatchObject({ ok: true, user: { email: other } });
	});

	it('the delays double with each further failure, up to five minutes', async () => {
		const email = await account();
		const from = ip();
		let failedAt = 0;
		for (let i = 0; i < FREE; i++) {
			failedAt = Date.now();
			await wrong(email, from, i);
		}
		const delays = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300];
		for (const [i, delay] of delays.entries()) {
			const refused = await right(email, from);
			expectThrottled(refused, delay, failedAt);
			if (refused.ok || refused.reason !== 'throttled') return;
			// Wait out the delay (by ageing the pair's failures) and fail once more.
			await age(email, from, refused.retryAfter);
			failedAt = Date.now();
			expect(await wrong(email, from, i)).toEqual({ ok: false, reason: 'invalid' });
		}
	});

	it('the right password after the delay resets the pair', async () => {
		const email = await account();
		const from = ip();
		for (let i = 0; i < FREE + 1; i++) {
			await age(email, from, 60);
			await wrong(email, from, i);
		}
		const refused = await right(email, from);
		expect(refused).toEqual({ ok: false, reason: 'throttled', retryAfter: 2 });
		await age(email, from, 2);
		expect(await right(email, from)).toMatchObject({ ok: true });
		// Reset: the next failures are free again.
		for (let i = 0; i < FREE - 1; i++) await wrong(email, from, i);
		expect(await right(email, from)).toMatchObject({ ok: true });
		const [left] = await db.asOwner((tx) =>
			tx.query<{ n: number }>(
				'select count(*)::int as n from private.login_attempts where pair = $1',
				[loginKeys(SECRET, email, from).pair]
			)
		);
		expect(left.n).toBe(0);
	});

	it('an account guessed from many networks: a failing network waits a minute after one failure, a clean one still signs in', async () => {
		const email = await account();
		const keys = (from: string) => loginKeys(SECRET, email, from);
		// 20 failures from 20 networks within 15 minutes (recorded directly: no need to hash 20 times).
		let failedAt = Date.now();
		await db.asOwner(async (tx) => {
			for (let i = 0; i < 20; i++) {
				const k = keys(`192.0.2.${i}`);
				await tx.query(
					'insert into private.login_attempts (pair, account, network) values ($1, $2, $3)',
					[k.pair, k.account, k.network]
				);
			}
		});
		expectThrottled(await right(email, '192.0.2.3'), 60, failedAt);
		// The wait doubles per further failure of that network while the attack lasts.
		await age(email, '192.0.2.3', 60);
		failedAt = Date.now();
		expect(await wrong(email, '192.0.2.3')).toEqual({ ok: false, reason: 'invalid' });
		expectThrottled(await right(email, '192.0.2.3'), 120, failedAt);
		expect(await right(email, ip())).toMatchObject({ ok: true });
	});

	it('one network failing across many accounts (credential stuffing) waits after 50 failures', async () => {
		const from = ip();
		const network = loginKeys(SECRET, 'x@kramsk.test', from).network;
		await db.asOwner((tx) =>
			tx.query(
				`insert into private.login_attempts (pair, account, network)
				 select md5(random()::text), md5(random()::text), $1 from generate_series(1, 49)`,
				[network]
			)
		);
		// 49 failures: an office with many mistyped passwords still signs in.
		const email = await account();
		expect(await right(email, from)).toMatchObject({ ok: true });
		expect(await wrong(await account(), from)).toEqual({ ok: false, reason: 'invalid' });
		// The 50th failure: now every account from this network waits, from another network none.
		expect(await right(await account(), from)).toEqual({
			ok: false,
			reason: 'throttled',
			retryAfter: 1
		});
		expect(await right(email, ip())).toMatchObject({ ok: true });
	});

	it('parallel guesses of one pair are counted one by one', async () => {
		const email = await account();
		const from = ip();
		const results = await Promise.all(
			Array.from({ length: FREE + 5 }, (_, i) => wrong(email, from, i))
		);
		expect(results.filter((r) => r.ok === false && r.reason === 'invalid')).toHaveLength(FREE);
		expect(results.filter((r) => r.ok === false && r.reason === 'throttled')).toHaveLength(5);
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

	it('the app grants each action to exactly the roles its SQL helper accepts under RLS', async () => {
		const helpers = (tx: Tx) =>
			tx.query<{ is_staff: boolean; is_editor: boolean; is_admin: boolean }>(
				'select private.is_staff() as is_staff, private.is_editor() as is_editor, private.is_admin() as is_admin'
			);
		const users: (SessionUser | null)[] = [
			null,
			...([null, 'organizer', 'council', 'admin'] as const).map((role) => ({
				id: randomUUID(),
				email: 'x@kramsk.test',
				role
			}))
		];
		for (const user of users) {
			const [sql] = await db.asUser(user ? localClaims(user) : { role: 'anon' }, helpers);
			for (const action of ALL_ACTIONS)
				expect(can(user, action), `${user?.role ?? 'anonymous'} / ${action}`).toBe(
					sql[sqlHelper(action)]
				);
		}
	});

	it('request roles cannot read accounts or sessions, nor call the login functions', async () => {
		for (const sql of [
			'select * from private.local_accounts',
			'select * from private.local_sessions',
			"select * from private.local_account_by_email('a@b.c')",
			"select private.create_local_account('a@b.c', '$argon2id$x', 'admin', '')",
			"select private.begin_login_attempt('a', 'b', 'c')",
			"select private.login_succeeded('a')",
			'select * from private.login_attempts'
		]) {
			const state = await sqlState(
				db.asUser({ role: 'authenticated', sub: randomUUID() }, (tx) => tx.query(sql))
			);
			expect(state, sql).toBe('42501');
		}
	});
});
