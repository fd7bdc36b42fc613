import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { signedToken } from '../../src/lib/server/mail/tokens.ts';
import { backends, claims, tryAsOwner } from './backends.ts';
import { hex, readSecret } from './guard-helpers.ts';

// The first admin's setup link and the password reset links of local accounts: what the owner-only
// functions do (single use, expiry, superseding, ending sessions, rate limits, no enumeration), and
// who may call them. Everything runs in one rolled-back transaction per test.

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$test';
const NEW_HASH = '$argon2id$v=19$m=19456,t=2,p=1$new';
const fresh = () => `r-${randomUUID().slice(0, 8)}@kramsk.test`;

/** Runs one statement in a savepoint: its first row's `v`, or the SQLSTATE it raised. */
async function step(tx: OwnerTx, sql: string, params: unknown[] = []): Promise<unknown> {
	await tx.query('savepoint step');
	try {
		const [row] = await tx.query<{ v: unknown }>(sql, params);
		await tx.query('release savepoint step');
		return row?.v ?? null;
	} catch (e) {
		await tx.query('rollback to savepoint step');
		return `error ${(e as { code?: string }).code ?? '?'}`;
	}
}

const asOwnerAgain = (tx: OwnerTx) => tx.query("select set_config('role', 'none', true)");

async function account(tx: OwnerTx, role: string | null, email = fresh()): Promise<string> {
	const [row] = await tx.query<{ id: string }>(
		'select private.create_local_account($1, $2, $3, null) as id',
		[email, HASH, role]
	);
	return row.id;
}

describe.each(backends)('first admin and password reset on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => db?.close());

	const link = (id: unknown) => signedToken(secret, 'password-reset', String(id));

	it('a setup link is issued at each start while no admin exists, and creates the first admin once', async () => {
		const out = await tryAsOwner(db, async (tx) => {
			// No admin: the state of a new installation (other test files may have left admins).
			await tx.query("delete from public.profiles where role = 'admin'");
			const issue = (h: string, ttl = 3600) =>
				step(tx, 'select private.issue_setup_token($1, $2) as v', [hex(h), ttl]);
			const state = (h: string) => step(tx, 'select private.setup_token_state($1) as v', [hex(h)]);
			const create = (h: string, email: string) =>
				step(tx, 'select private.create_first_admin($1, $2, $3) as v', [hex(h), email, HASH]);

			const first = await issue('one');
			const second = await issue('two');
			const replaced = [await state('one'), await state('two')];
			await issue('old', -1);
			const expired = [await state('old'), await create('old', fresh())];
			const taken = fresh();
			await account(tx, null, taken);
			await issue('three');
			const existing = await create('three', taken);
			const email = fresh();
			const id = await create('three', email);
			const [profile] = await tx.query<{ role: string }>(
				'select role from public.profiles where id = $1',
				[id]
			);
			const used = [await state('three'), await create('three', fresh())];
			const afterAdmin = [await issue('four'), await state('four')];
			const [{ n }] = await tx.query<{ n: number }>(
				'select count(*)::int as n from private.setup_tokens'
			);
			// A disabled admin administers nothing: the next start prints a link again.
			await tx.query('update private.local_accounts set disabled = true where id = $1', [id]);
			const disabled = await issue('five');
			return { first, second, replaced, expired, existing, profile, used, afterAdmin, n, disabled };
		});
		expect(out).toEqual({
			first: true,
			second: true,
			replaced: [null, 'valid'],
			expired: ['expired', 'error MZ410'],
			existing: 'error MZ409',
			profile: { role: 'admin' },
			used: [null, 'error MZ404'],
			afterAdmin: [false, null],
			n: 0,
			disabled: true
		});
	});

	it('a reset link works once, supersedes older ones, ends the sessions, and dies with a new password', async () => {
		const out = await tryAsOwner(db, async (tx) => {
			const id = await account(tx, 'organizer');
			await tx.query('select private.create_session($1, $2, 3600)', [id, hex('session')]);
			const issue = () => step(tx, "select private.issue_password_reset($1, 'en') as v", [id]);
			const state = (r: unknown) =>
				step(tx, 'select private.password_reset_state($1) as v', [link(r)]);
			const reset = (token: string) =>
				step(tx, 'select private.reset_password($1, $2) as v', [token, NEW_HASH]);

			const r1 = await issue();
			const r2 = await issue();
			const mails = await tx.query<{ reset_id: string; locale: string; state: string }>(
				"select reset_id::text, locale, state from public.mail_outbox where kind = 'password_reset' and reset_id in ($1, $2)",
				[r1, r2]
			);
			const states = [await state(r1), await state(r2)];
			const forged = await reset(signedToken('inny-sekret', 'password-reset', String(r2)));
			const done = await reset(link(r2));
			const [acc] = await tx.query<{ password_hash: string; sessions: number }>(
				`select a.password_hash,
				   (select count(*)::int from private.local_sessions s where s.account_id = a.id) as sessions
				 from private.local_accounts a where a.id = $1`,
				[id]
			);
			const again = [await state(r2), await reset(link(r2))];

			const r3 = await issue();
			await tx.query(
				"update private.password_resets set expires_at = now() - interval '1 second' where id = $1",
				[r3]
			);
			const expired = [await state(r3), await reset(link(r3))];
			const r4 = await issue();
			await tx.query('update private.local_accounts set password_hash = $2 where id = $1', [
				id,
				HASH
			]);
			const changed = await state(r4);
			await tx.query('update private.local_accounts set disabled = true where id = $1', [id]);
			const disabled = await issue();
			return { mails, states, forged, done, acc, again, expired, changed, disabled };
		});
		expect(out.mails).toHaveLength(1);
		expect(out.mails[0]).toMatchObject({ locale: 'en', state: 'pending' });
		expect(out).toMatchObject({
			states: [null, 'valid'],
			forged: 'error MZ404',
			acc: { password_hash: NEW_HASH, sessions: 0 },
			again: [null, 'error MZ404'],
			expired: ['expired', 'error MZ410'],
			changed: null,
			disabled: 'error MZ404'
		});
		expect(typeof out.done).toBe('string');
	});

	it('a reset request answers alike for any address, and is limited per network and per address', async () => {
		const out = await tryAsOwner(db, async (tx) => {
			const email = fresh();
			const id = await account(tx, 'council', email);
			const request = (address: string, ip: string) =>
				step(tx, "select 'ok' as v from private.request_password_reset($1, $2, 'pl')", [
					address,
					hex(ip)
				]);
			const latest = async () =>
				(
					await tx.query<{ id: string }>(
						'select id::text from private.password_resets where account_id = $1',
						[id]
					)
				).map((r) => r.id);
			const unknown = await request(fresh(), `a-${randomUUID()}`);
			const [{ n: none }] = await tx.query<{ n: number }>(
				'select count(*)::int as n from private.password_resets r join private.local_accounts a on a.id = r.account_id where a.email like $1',
				['r-%@kramsk.test']
			);
			const ids: string[][] = [];
			for (let i = 0; i < 4; i++) {
				// Each from another network: only the address's own limit (3 an hour) counts.
				expect(await request(email.toUpperCase(), `b-${randomUUID()}`)).toBe('ok');
				ids.push(await latest());
			}
			const network = `c-${randomUUID()}`;
			const answers = [];
			for (let i = 0; i < 11; i++) answers.push(await request(fresh(), network));
			return { unknown, none, ids, answers };
		});
		expect(out.unknown).toBe('ok');
		expect(out.none).toBe(0);
		// Three links, each superseding the one before; the fourth request sends nothing new.
		expect(new Set(out.ids.slice(0, 3).flat()).size).toBe(3);
		expect(out.ids[3]).toEqual(out.ids[2]);
		expect(out.answers.slice(0, 10)).toEqual(Array(10).fill('ok'));
		expect(out.answers[10]).toBe('error MZ429');
	});

	it('only an admin sends a reset link from the panel; the owner-only functions and tables are closed to requests', async () => {
		const { anon, organizer, council, admin } = claims;
		const out = await tryAsOwner(db, async (tx) => {
			const id = await account(tx, 'organizer');
			await tx.query(
				"insert into public.profiles (id, role) values ($1, 'admin') on conflict (id) do update set role = 'admin'",
				[admin.sub]
			);
			const as = async (who: Claims, sql: string, params: unknown[] = []) => {
				await enterRole(tx, who);
				const v = await step(tx, sql, params);
				await asOwnerAgain(tx);
				return v;
			};
			const send = (who: Claims) =>
				as(who, "select private.send_password_reset($1, 'pl') as v", [id]);
			const denied: Record<string, unknown[]> = {};
			for (const [name, who] of Object.entries({ anon, organizer, council, admin })) {
				denied[name] = [
					await as(who, 'select count(*) as v from private.setup_tokens'),
					await as(who, 'select count(*) as v from private.password_resets'),
					await as(who, 'select private.issue_setup_token($1, 60) as v', [hex('x')]),
					await as(who, 'select private.setup_token_state($1) as v', [hex('x')]),
					await as(who, 'select private.create_first_admin($1, $2, $3) as v', [
						hex('x'),
						fresh(),
						HASH
					]),
					await as(who, "select private.issue_password_reset($1, 'pl') as v", [id]),
					await as(who, "select private.request_password_reset($1, $2, 'pl') as v", [
						fresh(),
						hex('ip')
					]),
					await as(who, 'select private.password_reset_state($1) as v', [link(randomUUID())]),
					await as(who, 'select private.reset_password($1, $2) as v', [link(randomUUID()), HASH])
				];
			}
			const sent = {
				anon: await send(anon),
				organizer: await send(organizer),
				council: await send(council),
				admin: await send(admin),
				unknown: await as(admin, "select private.send_password_reset($1, 'pl') as v", [
					randomUUID()
				])
			};
			const mails = await tx.query<{ n: number }>(
				"select count(*)::int as n from public.mail_outbox o join private.password_resets r on r.id = o.reset_id where r.account_id = $1 and o.kind = 'password_reset'",
				[id]
			);
			return { denied, sent, mails: mails[0].n };
		});
		for (const name of ['anon', 'organizer', 'council', 'admin'])
			expect(out.denied[name], name).toEqual(Array(9).fill('error 42501'));
		expect(out.sent).toMatchObject({
			anon: 'error 42501',
			organizer: 'error 42501',
			council: 'error 42501',
			unknown: 'error MZ404'
		});
		expect(out.sent.admin).toMatch(/^[0-9a-f-]{36}$/);
		expect(out.mails).toBe(1);
	});
});
