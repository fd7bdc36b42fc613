import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/types.ts';
import { signContext } from '../../src/lib/server/guard/context.ts';
import { backends, claims, sqlState, tryAs, tryAsOwner } from './backends.ts';
import { hex, readSecret } from './guard-helpers.ts';

// The guard under every public write: a context signed by the app server with the database's
// secret, limits read from private.rate_rules, and report numbers that never run out.

describe.each(backends)('trusted requests on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => {
		await db.close();
	});

	const verify = (ctx: unknown) =>
		tryAsOwner(db, async (tx) => {
			const rows = await tx.query<{ device_hash: string | null; ip_hash: string }>(
				'select * from private.trusted_request($1::text::jsonb)',
				[JSON.stringify(ctx)]
			);
			return rows[0];
		});

	it('accepts a context signed with the secret and returns its hashes', async () => {
		const ctx = signContext(secret, hex('device'), hex('ip'));
		expect(await verify(ctx)).toEqual({ device_hash: hex('device'), ip_hash: hex('ip') });
		expect(await verify(signContext(secret, null, hex('ip')))).toEqual({
			device_hash: null,
			ip_hash: hex('ip')
		});
	});

	it('refuses a forged, altered, stale or malformed context', async () => {
		const ctx = signContext(secret, hex('device'), hex('ip'));
		const forged = signContext('z'.repeat(64), hex('device'), hex('ip'));
		const stale = signContext(secret, hex('device'), hex('ip'), Date.now() - 10 * 60_000);
		for (const bad of [
			forged,
			{ ...ctx, d: hex('other device') },
			{ ...ctx, i: hex('other ip') },
			{ ...ctx, t: ctx.t + 1 },
			stale,
			{ ...ctx, s: undefined },
			{ ...ctx, i: 'not a hash' },
			null,
			[]
		]) {
			expect(await sqlState(verify(bad))).toBe('42501');
		}
	});

	it('is not callable by request roles, nor are the limits readable or writable', async () => {
		const ctx = signContext(secret, hex('device'), hex('ip'));
		for (const who of [claims.anon, claims.resident, claims.organizer]) {
			expect(
				await sqlState(
					tryAs(db, who, (tx) =>
						tx.query('select private.trusted_request($1::text::jsonb)', [JSON.stringify(ctx)])
					)
				)
			).toBe('42501');
			expect(
				await sqlState(
					tryAs(db, who, (tx) => tx.query("select private.take_rate('report_ip', $1)", [hex('x')]))
				)
			).toBe('42501');
			expect(
				await sqlState(
					tryAs(db, who, (tx) =>
						tx.query(
							'select private.take_rate_slot(array[$1], \'[{"count":1,"seconds":60}]\'::jsonb)',
							['x']
						)
					)
				)
			).toBe('42501');
			expect(
				await sqlState(tryAs(db, who, (tx) => tx.query('select * from private.rate_rules')))
			).toBe('42501');
			expect(
				await sqlState(
					tryAs(db, who, (tx) => tx.query("update private.rate_rules set limits = '[]'"))
				)
			).toBe('42501');
		}
	});

	it('takes rate slots from the stored rules, and refuses an unknown scope', async () => {
		const result = await tryAsOwner(db, async (tx) => {
			await tx.query(
				`update private.rate_rules set limits = '[{"count": 2, "seconds": 600}]' where scope = 'report_ip'`
			);
			const key = hex('rate key');
			const states: string[] = [];
			for (let n = 0; n < 3; n++) {
				states.push(
					await tx
						.query('savepoint s')
						.then(() => tx.query("select private.take_rate('report_ip', $1)", [key]))
						.then(
							() => tx.query('release savepoint s').then(() => 'ok'),
							(e: { code?: string }) =>
								tx.query('rollback to savepoint s').then(() => e.code ?? '?')
						)
				);
			}
			const unknown = await tx
				.query('savepoint u')
				.then(() => tx.query("select private.take_rate('no_such_scope', $1)", [key]))
				.then(
					() => 'ok',
					(e: { code?: string }) => tx.query('rollback to savepoint u').then(() => e.code ?? '?')
				);
			return { states, unknown };
		});
		expect(result.states).toEqual(['ok', 'ok', 'MZ429']);
		expect(result.unknown).toBe('42501');
	});

	it('limits new devices per network and remembers known ones', async () => {
		const result = await tryAsOwner(db, async (tx) => {
			await tx.query(
				`update private.rate_rules set limits = '[{"count": 2, "seconds": 600}]' where scope = 'device_new_ip'`
			);
			const ip = hex('hall wifi');
			const outcomes: string[] = [];
			for (const device of ['a', 'b', 'a', 'c']) {
				outcomes.push(
					await tx
						.query('savepoint s')
						.then(() =>
							tx.query<{ v: boolean }>('select private.register_device($1, $2) as v', [
								hex(device),
								ip
							])
						)
						.then(
							(rows) => tx.query('release savepoint s').then(() => String(rows[0].v)),
							(e: { code?: string }) =>
								tx.query('rollback to savepoint s').then(() => e.code ?? '?')
						)
				);
			}
			return outcomes;
		});
		expect(result).toEqual(['true', 'true', 'false', 'MZ429']);
	});

	it('keeps report numbers unique past 9,999 a year', async () => {
		const refs = await tryAsOwner(db, async (tx) => {
			await tx.query(
				`insert into private.need_ref_counters (region_id, year, last_value)
				 select r.id, extract(year from now())::integer, 9998 from public.regions r where r.slug = 'kramsk'
				 on conflict (region_id, year) do update set last_value = 9998`
			);
			// An owner import already holds the number after 10,000.
			await tx.query(
				`insert into public.needs (region_id, kind, category, title, point, ref)
				 select r.id, 'need', 'seniorzy', 'Import', extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326),
				   r.ref_prefix || '-' || extract(year from now())::integer || '-10001'
				 from public.regions r where r.slug = 'kramsk'`
			);
			const out: string[] = [];
			for (let n = 0; n < 4; n++) {
				const rows = await tx.query<{ ref: string }>(
					`insert into public.needs (region_id, kind, category, title, point)
					 select r.id, 'need', 'seniorzy', 'Test', extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.265), 4326)
					 from public.regions r where r.slug = 'kramsk' returning ref`
				);
				out.push(rows[0].ref);
			}
			return out;
		});
		const year = new Date().getFullYear();
		expect(refs).toEqual([
			`KR-${year}-9999`,
			`KR-${year}-10000`,
			`KR-${year}-10002`,
			`KR-${year}-10003`
		]);
	});
});
