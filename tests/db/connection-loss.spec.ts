import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../src/lib/server/db/errors.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';
import type { Database } from '../../src/lib/server/db/types.ts';
import { claims } from './backends.ts';

// A lost PostgreSQL connection (pg_terminate_backend, a restart of the server) must never end the
// process: the transaction it hit fails with DatabaseUnavailableError (HTTP 503), nothing escapes
// as an uncaught exception or unhandled rejection, and the pool and the LISTEN connection come
// back by themselves. PostgreSQL only: PGlite runs inside the process and has no connection.
const url = process.env.DATABASE_URL;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `fn` until it resolves or `ms` passed (the pool reconnects with a short backoff). */
async function eventually<T>(fn: () => Promise<T>, ms = 15_000): Promise<T> {
	const until = Date.now() + ms;
	for (;;) {
		try {
			return await fn();
		} catch (e) {
			if (Date.now() > until) throw e;
			await sleep(100);
		}
	}
}

describe.skipIf(!url)('lost PostgreSQL connections', () => {
	let db: Database;
	/** A second pool, as another client would: terminates the app's backends. */
	let admin: Database;
	const escaped: unknown[] = [];
	const onEscape = (e: unknown) => escaped.push(e);

	/** Terminates every backend of this database except the admin's own; returns how many. */
	async function terminateOthers(): Promise<number> {
		const [{ n }] = await admin.asOwner((tx) =>
			tx.query<{ n: number }>(
				`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
				 where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`
			)
		);
		return n;
	}

	beforeAll(async () => {
		db = await openPostgres(url as string);
		admin = await openPostgres(url as string);
	});

	afterAll(async () => {
		await db?.close();
		await admin?.close();
	});

	beforeEach(() => {
		escaped.length = 0;
		process.on('uncaughtException', onEscape);
		process.on('unhandledRejection', onEscape);
	});

	afterEach(async () => {
		// Give any stray timer of the driver the chance to throw before looking.
		await sleep(300);
		process.off('uncaughtException', onEscape);
		process.off('unhandledRejection', onEscape);
		expect(escaped).toEqual([]);
	});

	it('a query in flight fails as unavailable; the next one reconnects', async () => {
		const inFlight = db
			.asUser(claims.anon, (tx) => tx.query('select pg_sleep(5)'))
			.then(
				() => 'finished',
				(e: unknown) => e
			);
		// Wait until the sleep runs on the server, then cut it off.
		await eventually(async () => {
			const [{ n }] = await admin.asOwner((tx) =>
				tx.query<{ n: number }>(
					"select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(5)' and state = 'active'"
				)
			);
			if (n === 0) throw new Error('not running yet');
		}, 5_000);
		expect(await terminateOthers()).toBeGreaterThan(0);
		expect(await inFlight).toBeInstanceOf(DatabaseUnavailableError);

		const rows = await eventually(() =>
			db.asUser(claims.anon, (tx) => tx.query<{ one: number }>('select 1 as one'))
		);
		expect(rows).toEqual([{ one: 1 }]);
	});

	it('a transaction whose connection dies between two queries fails as unavailable, and sends nothing more', async () => {
		let resume: () => void = () => {};
		const paused = new Promise<void>((resolve) => (resume = resolve));
		let started: () => void = () => {};
		const running = new Promise<void>((resolve) => (started = resolve));
		const tx = db.asOwner(async (t) => {
			await t.query('select 1');
			started();
			await paused;
			// Without the guard this statement would run outside any transaction on a new connection.
			await t.query("select set_config('application_name', 'after-loss', false)");
			return 'committed';
		});
		// The transaction may fail as soon as its connection is gone, before the callback resumes.
		const outcome = tx.then(
			(value) => value,
			(e: unknown) => e
		);
		await running;
		expect(await terminateOthers()).toBeGreaterThan(0);
		await sleep(200);
		resume();
		expect(await outcome).toBeInstanceOf(DatabaseUnavailableError);

		// No connection of the pool ran the statement after the loss.
		await eventually(() => db.asOwner((t) => t.query('select 1')));
		const [{ n }] = await admin.asOwner((t) =>
			t.query<{ n: number }>(
				"select count(*)::int as n from pg_stat_activity where application_name = 'after-loss'"
			)
		);
		expect(n).toBe(0);
	});

	it('three terminations during a stream of transactions: each failure is classified, then all succeed', async () => {
		let stop = false;
		const failures: unknown[] = [];
		let ok = 0;
		const worker = async (i: number) => {
			while (!stop) {
				try {
					await db.asUser(claims.anon, async (tx) => {
						await tx.query('select $1::int as i', [i]);
						await tx.query('select pg_sleep(0.002)');
					});
					ok++;
				} catch (e) {
					failures.push(e);
					await sleep(20);
				}
			}
		};
		const workers = Array.from({ length: 12 }, (_, i) => worker(i));
		for (let round = 0; round < 3; round++) {
			await sleep(300);
			await terminateOthers();
		}
		await sleep(500);
		stop = true;
		await Promise.all(workers);
		expect(ok).toBeGreaterThan(0);
		for (const e of failures) expect(e).toBeInstanceOf(DatabaseUnavailableError);

		// Afterwards every transaction succeeds again, none stalls on a broken connection.
		const t0 = performance.now();
		const results = await eventually(() =>
			Promise.all(
				Array.from({ length: 20 }, () =>
					db.asUser(claims.anon, (tx) => tx.query<{ one: number }>('select 1 as one'))
				)
			)
		);
		expect(results.flat()).toHaveLength(20);
		expect(performance.now() - t0).toBeLessThan(5_000);
	});

	it('LISTEN survives a terminated connection: a NOTIFY after the reconnect is delivered', async () => {
		const channel = 'ops_connection_loss_test';
		const got: string[] = [];
		const unlisten = await db.listen(channel, (payload) => got.push(payload));
		try {
			await admin.asOwner((tx) => tx.query('select pg_notify($1, $2)', [channel, 'before']));
			await eventually(async () => {
				if (!got.includes('before')) throw new Error('not yet');
			}, 5_000);

			expect(await terminateOthers()).toBeGreaterThan(0);
			// Notifications sent while nobody listens are lost (PostgreSQL keeps none); send until one
			// arrives on the new LISTEN connection.
			let i = 0;
			await eventually(async () => {
				await admin.asOwner((tx) =>
					tx.query('select pg_notify($1, $2)', [channel, `after-${i++}`])
				);
				await sleep(150);
				if (!got.some((p) => p.startsWith('after-'))) throw new Error('not delivered yet');
			}, 20_000);
			expect(got.some((p) => p.startsWith('after-'))).toBe(true);
		} finally {
			await unlisten();
		}
	});

	it('after close, a query fails as unavailable (server shutdown), not with a TypeError', async () => {
		const short = await openPostgres(url as string);
		await short.close();
		await expect(short.asUser(claims.anon, (tx) => tx.query('select 1'))).rejects.toBeInstanceOf(
			DatabaseUnavailableError
		);
	});
});
