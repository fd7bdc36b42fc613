import postgres from 'postgres';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalInput } from '../../src/lib/live/time.ts';
import type { PinFeature } from '../../src/lib/live/types.ts';
import {
	createLocalAccount,
	loginLocal,
	logoutLocal,
	sessionUser
} from '../../src/lib/server/auth/local.ts';
import { dataVersion } from '../../src/lib/server/cache/documents.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import { startDatabase } from '../../src/lib/server/db/start.ts';
import type { Database } from '../../src/lib/server/db/types.ts';
import { readEnv } from '../../src/lib/server/env.ts';
import { PinHub } from '../../src/lib/server/live/hub.ts';
import { readSqlFiles, root } from '../../scripts/sql-files.ts';
import { claims, sqlState } from './backends.ts';
import { context, hex, needReport, readSecret } from './guard-helpers.ts';

// Several app processes on one PostgreSQL: each process has its own pool (openPostgres), so two
// Database instances here stand for two processes. Nothing a request depends on may live in one
// process's memory: sessions, login throttling, rate limits, idempotency keys, the data version of
// the document caches and live pins all go through the database. PGlite is single-process by
// design (its data directory is locked), so this file runs on PostgreSQL only.

const url = process.env.DATABASE_URL;
const TITLE = 'MULTI odpowiedź';
const QUESTION = 'MULTI: czego brakuje w Twojej okolicy?';
const EMAIL = `multi-${randomUUID().slice(0, 8)}@kramsk.test`;
const PASSWORD = 'wspolne-haslo-123';
const HOUR = 3600_000;

function answer(code: string, over: Record<string, unknown> = {}) {
	return needReport(`${TITLE} ${randomUUID().slice(0, 8)}`, { consultation: code, ...over });
}

describe.runIf(url)('two app processes on one PostgreSQL', () => {
	let a: Database;
	let b: Database;
	let secret: string;
	let code: string;

	beforeAll(async () => {
		a = await openPostgres(url as string);
		b = await openPostgres(url as string);
		secret = await readSecret(a);
		code = await a.asUser(claims.organizer, async (tx) => {
			const [row] = await tx.query<{ v: { code: string } }>(
				'select public.create_consultation($1::text::jsonb) as v',
				[
					JSON.stringify({
						region: 'kramsk',
						question: QUESTION,
						locality: null,
						solectwo: null,
						starts_at: toLocalInput(new Date(Date.now() - HOUR)),
						ends_at: toLocalInput(new Date(Date.now() + HOUR)),
						hold: false,
						// The answers' category: an answer of any other is refused.
						category: 'seniorzy'
					})
				]
			);
			return row.v.code;
		});
	});
	afterAll(async () => {
		await a?.asOwner(async (tx) => {
			await tx.query('delete from public.needs where title like $1', [`${TITLE}%`]);
			await tx.query('delete from public.consultations where question = $1', [QUESTION]);
			await tx.query(
				'delete from public.profiles where id in (select id from private.local_accounts where email = $1)',
				[EMAIL]
			);
			await tx.query('delete from private.local_accounts where email = $1', [EMAIL]);
		});
		await a?.close();
		await b?.close();
	});

	/** One answer through `db`, as the report form sends it (anon, signed context). */
	const submit = (db: Database, p: Record<string, unknown>) =>
		db.asUser(claims.anon, async (tx) => {
			const rows = await tx.query<{ v: { need_id: string; replayed: boolean } }>(
				'select private.submit_need($1::text::jsonb) as v',
				[JSON.stringify({ ctx: context(secret), ...p })]
			);
			return rows[0].v;
		});

	it('a pin answered through one process reaches a projector on the other in under 2 s', async () => {
		const hub = new PinHub(b);
		try {
			const arrived = new Promise<{ pin: PinFeature; at: number }>((resolve) => {
				void hub.subscribe(code, (pin) => resolve({ pin, at: performance.now() }));
			});
			// The hub listens before subscribe resolves; wait for that, then answer through A.
			while (hub.clientCount === 0) await new Promise((r) => setTimeout(r, 10));
			const versionBefore = await b.asUser(claims.anon, (tx) => dataVersion(tx, 'kramsk'));
			const sent = performance.now();
			const { need_id } = await submit(a, answer(code));
			const timeout = new Promise<null>((r) => setTimeout(() => r(null), 2000));
			const got = await Promise.race([arrived, timeout]);
			expect(got, 'no pin within 2 s').not.toBeNull();
			expect(got?.pin.properties.id).toBe(need_id);
			expect((got?.at ?? Infinity) - sent).toBeLessThan(2000);
			// The other process's document cache sees the write: its key (the data version) moved.
			expect(await b.asUser(claims.anon, (tx) => dataVersion(tx, 'kramsk'))).not.toBe(
				versionBefore
			);
		} finally {
			await hub.close();
		}
	});

	it('a staff session started on one process works on the other, and ends on both', async () => {
		await createLocalAccount(a, { email: EMAIL, password: PASSWORD, role: 'organizer' });
		const login = await loginLocal(a, secret, {
			email: EMAIL,
			password: PASSWORD,
			ip: '192.0.2.7'
		});
		if (!login.ok) throw new Error(`login refused: ${login.reason}`);
		expect(await sessionUser(b, login.token)).toMatchObject({ email: EMAIL, role: 'organizer' });
		await logoutLocal(b, login.token);
		expect(await sessionUser(a, login.token)).toBeNull();
	});

	it('sign-in throttling counts failures made on either process', async () => {
		const ip = '198.51.100.9';
		const wrong = { email: EMAIL, password: 'zle-haslo-123456', ip };
		// private.begin_login_attempt lets a pair fail this many times before it asks to wait.
		const free = 5;
		for (let i = 0; i < free; i++)
			expect(await loginLocal(i % 2 ? a : b, secret, wrong)).toEqual({
				ok: false,
				reason: 'invalid'
			});
		// Failures recorded through both make the next attempt wait, even with the right password,
		// whichever process it reaches.
		for (const db of [a, b])
			expect(await loginLocal(db, secret, { ...wrong, password: PASSWORD })).toMatchObject({
				ok: false,
				reason: 'throttled'
			});
	});

	it('a device rate limit counts answers sent through both processes', async () => {
		const device = hex(`device-${randomUUID()}`);
		const [{ limits }] = await a.asOwner((tx) =>
			tx.query<{ limits: { count: number }[] }>(
				"select limits from private.rate_rules where scope = 'consultation_device'"
			)
		);
		const limit = Math.min(...limits.map((l) => l.count));
		const send = (db: Database) =>
			db.asUser(claims.anon, (tx) =>
				tx.query('select private.submit_need($1::text::jsonb)', [
					JSON.stringify({ ...answer(code), ctx: context(secret, { device }) })
				])
			);
		for (let i = 0; i < limit; i++) expect(await sqlState(send(i % 2 ? a : b))).toBe('ok');
		expect(await sqlState(send(a))).toBe('MZ429');
		expect(await sqlState(send(b))).toBe('MZ429');
	});

	it('one idempotency key sent to both processes at once makes one answer', async () => {
		const p = answer(code);
		const [first, second] = await Promise.all([submit(a, p), submit(b, p)]);
		expect(first.need_id).toBe(second.need_id);
		expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
		const [{ n }] = await a.asOwner((tx) =>
			tx.query<{ n: number }>('select count(*)::int as n from public.needs where title = $1', [
				p.title
			])
		);
		expect(n).toBe(1);
	});
});

// Two processes starting together on an empty database: both migrate and seed, neither fails, and
// every migration is applied exactly once.
describe.runIf(url)('two app processes starting at once on an empty PostgreSQL', () => {
	const name = `${new URL(url ?? 'postgres://x/x').pathname.slice(1)}_start_${process.pid}`;
	const admin = url ? postgres(url, { max: 1, onnotice: () => {} }) : undefined;
	const target = () => {
		const u = new URL(url as string);
		u.pathname = `/${name}`;
		return u.toString();
	};

	/** A new empty database for each test: two processes meeting a database nobody set up yet. */
	const fresh = async () => {
		if (!admin) return;
		await admin`drop database if exists ${admin(name)} with (force)`;
		await admin`create database ${admin(name)}`;
	};
	afterAll(async () => {
		if (!admin) return;
		await admin`drop database if exists ${admin(name)} with (force)`;
		await admin.end();
	});

	it('two migrate() runs at once both succeed and apply each migration once', async () => {
		await fresh();
		const { migrations, bootstrap } = readSqlFiles();
		const [x, y] = await Promise.all([openPostgres(target()), openPostgres(target())]);
		try {
			const [fromX, fromY] = await Promise.all([
				migrate(x, migrations, bootstrap),
				migrate(y, migrations, bootstrap)
			]);
			expect([...fromX, ...fromY].sort()).toEqual(migrations.map((m) => m.name).sort());
			const [{ n }] = await x.asOwner((tx) =>
				tx.query<{ n: number }>(
					'select count(*)::int as n from supabase_migrations.schema_migrations'
				)
			);
			expect(n).toBe(migrations.length);
		} finally {
			await Promise.all([x.close(), y.close()]);
		}
	});

	it('two start-ups at once (migrate, seed, rate rules) both succeed', async () => {
		await fresh();
		const env = readEnv({ DATABASE_URL: target(), REGION: 'kramsk', DEMO: '1' });
		const { migrations, bootstrap } = readSqlFiles();
		const start = () => startDatabase({ env, migrations, bootstrap, root });
		const [x, y] = await Promise.all([start(), start()]);
		try {
			const [row] = await x.asOwner((tx) =>
				tx.query<{ regions: number; localities: number }>(
					'select (select count(*)::int from public.regions) as regions, (select count(*)::int from public.localities) as localities'
				)
			);
			expect(row).toEqual({ regions: 1, localities: 65 });
		} finally {
			await Promise.all([x.close(), y.close()]);
		}
	});
});
