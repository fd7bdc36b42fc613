import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, OwnerTx } from '../../src/lib/server/db/types.ts';
import { signContext } from '../../src/lib/server/guard/context.ts';
import { applyRateRules } from '../../src/lib/server/guard/rules.ts';
import { readEnv } from '../../src/lib/server/env.ts';
import { backends, claims, tryAsOwner } from './backends.ts';
import { context, hex, needReport, readSecret } from './guard-helpers.ts';

// Every public write goes through its guarded function, as PostgREST would see it on Supabase
// with the public anon key: no direct INSERT for anon or a signed-in resident, the functions in
// `private` accept only a context signed with the database's secret, and they take their limits
// from private.rate_rules, never from the caller. Everything runs in rolled-back transactions.

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const { anon, resident, organizer } = claims;
const CALLERS: [string, Claims][] = [
	['anon', anon],
	['resident', resident]
];

/** Rows the scenarios need, created as the owner inside the rolled-back transaction. */
async function arrange(tx: OwnerTx) {
	const one = async (sql: string) => (await tx.query<{ id: string }>(sql))[0].id;
	return {
		region: await one("select id::text as id from public.regions where slug = 'kramsk'"),
		need: await one(
			`insert into public.needs (region_id, kind, category, title, point, status)
			 select id, 'need', 'seniorzy', 'GUARD potrzeba', ${IN_KRAMSK}, 'published'
			 from public.regions where slug = 'kramsk' returning id::text as id`
		),
		activity: await one(
			`insert into public.activities (region_id, title, programme_category, published, starts_at)
			 select id, 'GUARD działanie', 'community_animation', true, now() + interval '7 days'
			 from public.regions where slug = 'kramsk' returning id::text as id`
		),
		consultation: await one(
			`insert into public.consultations (region_id, code, question, starts_at, ends_at, category)
			 select id, private.consultation_code(), 'GUARD pytanie', now() - interval '1 hour',
			   now() + interval '1 hour', 'seniorzy'
			 from public.regions where slug = 'kramsk' returning code as id`
		)
	};
}
type Fx = Awaited<ReturnType<typeof arrange>>;

/** Runs one statement in a savepoint: 'ok' or its SQLSTATE; the transaction goes on. */
async function step(tx: OwnerTx, sql: string, params: unknown[] = []): Promise<string> {
	await tx.query('savepoint step');
	try {
		await tx.query(sql, params);
		await tx.query('release savepoint step');
		return 'ok';
	} catch (e) {
		await tx.query('rollback to savepoint step');
		return (e as { code?: string }).code ?? '?';
	}
}

const asOwnerAgain = (tx: OwnerTx) => tx.query("select set_config('role', 'none', true)");

describe.each(backends)('guarded public writes on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => db?.close());

	/** Fixtures and optional rule changes as the owner, then `act` as `who`; all rolled back. */
	const scenario = <T>(
		who: Claims,
		act: (tx: OwnerTx, fx: Fx) => Promise<T>,
		rules: Record<string, { count: number; seconds: number }[]> = {}
	) =>
		tryAsOwner(db, async (tx) => {
			const fx = await arrange(tx);
			for (const [scope, limits] of Object.entries(rules)) {
				await tx.query('update private.rate_rules set limits = $2::text::jsonb where scope = $1', [
					scope,
					JSON.stringify(limits)
				]);
			}
			await enterRole(tx, who);
			return act(tx, fx);
		});

	const report = (_fx: Fx, over: Record<string, unknown> = {}) =>
		needReport('GUARD zgłoszenie', { ctx: context(secret), ...over });
	const volunteer = (fx: Fx, over: Record<string, unknown> = {}) => ({
		activity_id: fx.activity,
		name: 'Jan Kowalski',
		contact: '600 100 200',
		consent_text: 'zgoda',
		ctx: context(secret),
		...over
	});
	const submitSql = 'select private.submit_need($1::text::jsonb)';
	const volunteerSql = 'select private.volunteer_signup($1::text::jsonb)';
	const submit = (tx: OwnerTx, p: unknown) => step(tx, submitSql, [JSON.stringify(p)]);
	const signup = (tx: OwnerTx, p: unknown) => step(tx, volunteerSql, [JSON.stringify(p)]);

	describe('no direct writes for anon or a signed-in resident', () => {
		it('anon holds no write privilege on any table of public, and no request role may truncate, reference or add triggers', async () => {
			const found = await tryAsOwner(db, (tx) =>
				tx.query<{ name: string; who: string }>(
					`select c.relname as name, r.who
					 from pg_class c join pg_namespace n on n.oid = c.relnamespace
					 cross join (values ('anon'), ('authenticated')) as r (who)
					 where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
					   and (has_table_privilege(r.who, c.oid, 'TRUNCATE, REFERENCES, TRIGGER')
					     or (r.who = 'anon' and (has_table_privilege(r.who, c.oid, 'INSERT, UPDATE, DELETE')
					       or has_any_column_privilege(r.who, c.oid, 'INSERT, UPDATE'))))
					 order by 1, 2`
				)
			);
			expect(found).toEqual([]);
		});

		const inserts: [string, string, (fx: Fx) => unknown[]][] = [
			[
				'needs',
				`insert into public.needs (region_id, kind, category, title, description, point)
				 values ($1, 'need', 'seniorzy', 'GUARD bezpośrednio', '', ${IN_KRAMSK})`,
				(fx) => [fx.region]
			],
			[
				'needs (own report of a resident)',
				`insert into public.needs (region_id, kind, category, title, point, created_by)
				 values ($1, 'need', 'seniorzy', 'GUARD bezpośrednio', ${IN_KRAMSK}, auth.uid())`,
				(fx) => [fx.region]
			],
			[
				'needs (a consultation answer)',
				`insert into public.needs (region_id, kind, category, title, point, consultation_id, status)
				 select $1, 'need', 'seniorzy', 'GUARD odpowiedź', ${IN_KRAMSK}, c.id, 'published'
				 from public.consultations c where c.code = $2`,
				(fx) => [fx.region, fx.consultation]
			],
			[
				'need_contacts',
				"insert into public.need_contacts (need_id, email, consent_text) values ($1, 'x@example.org', 'zgoda')",
				(fx) => [fx.need]
			],
			[
				'need_photos',
				"insert into public.need_photos (need_id, storage_key, width, height, bytes) values ($1, 'needs/2026/dddddddddddddddddddddd.jpg', 1, 1, 1)",
				(fx) => [fx.need]
			],
			[
				'need_events',
				"insert into public.need_events (need_id, status, note) values ($1, 'done', 'Gotowe')",
				(fx) => [fx.need]
			],
			[
				'need_supports (a device)',
				"insert into public.need_supports (need_id, device_hash) values ($1, repeat('a', 64))",
				(fx) => [fx.need]
			],
			[
				'need_supports (the account)',
				'insert into public.need_supports (need_id, user_id) values ($1, auth.uid())',
				(fx) => [fx.need]
			],
			[
				'abuse_reports',
				"insert into public.abuse_reports (need_id, device_hash) values ($1, repeat('b', 64))",
				(fx) => [fx.need]
			],
			[
				'activity_volunteers',
				"insert into public.activity_volunteers (activity_id, name, contact, consent_text) values ($1, 'Jan', '600100200', 'zgoda')",
				(fx) => [fx.activity]
			]
		];

		it.each(inserts)(
			'%s: anon and a resident insert nothing directly (42501)',
			async (_, sql, params) => {
				for (const [, who] of CALLERS) {
					expect(await scenario(who, (tx, fx) => step(tx, sql, params(fx)))).toBe('42501');
				}
			}
		);

		it('a resident changes or removes nothing of those tables (42501 or no row)', async () => {
			const changed = await scenario(resident, async (tx, fx) => {
				const out: Record<string, string | number> = {};
				for (const [name, sql] of [
					['needs', 'update public.needs set support_count = 999 where id = $1 returning 1'],
					['need_supports', 'delete from public.need_supports where need_id = $1 returning 1'],
					['need_events', 'delete from public.need_events where need_id = $1 returning 1'],
					[
						'need_photos',
						'update public.need_photos set hidden = false where need_id = $1 returning 1'
					],
					[
						'abuse_reports',
						'update public.abuse_reports set reviewed_at = now() where need_id = $1 returning 1'
					]
				] as const) {
					await tx.query('savepoint w');
					try {
						out[name] = (await tx.query(sql, [fx.need])).length;
						await tx.query('release savepoint w');
					} catch (e) {
						await tx.query('rollback to savepoint w');
						out[name] = (e as { code?: string }).code ?? '?';
					}
				}
				return out;
			});
			expect(changed).toEqual({
				needs: 0,
				need_supports: '42501',
				need_events: '42501',
				need_photos: 0,
				abuse_reports: 0
			});
		});

		it('staff still write through their own paths: assisted entry, a direct need, a note, a contact', async () => {
			const out = await scenario(organizer, async (tx, fx) => ({
				enter: await step(tx, 'select public.enter_need($1::text::jsonb)', [
					JSON.stringify({
						region: 'kramsk',
						kind: 'need',
						category: 'seniorzy',
						title: 'GUARD wpis organizatora',
						village: 'kramsk',
						publish: true,
						contact_phone: '600100200',
						consent_text: 'zgoda ustna'
					})
				]),
				direct: await step(tx, inserts[0][1], inserts[0][2](fx)),
				note: await step(tx, inserts[5][1], inserts[5][2](fx)),
				contact: await step(tx, inserts[3][1], inserts[3][2](fx)),
				answer: await step(tx, inserts[2][1], inserts[2][2](fx))
			}));
			// Staff never tag a consultation answer by hand either (no column grant).
			expect(out).toEqual({
				enter: 'ok',
				direct: 'ok',
				note: 'ok',
				contact: 'ok',
				answer: '42501'
			});
		});
	});

	it('the SECURITY DEFINER functions a request may call are the reviewed ones, and the old unsubscribe by need id is gone', async () => {
		// Each checks its caller itself: a signed context (submit_need, volunteer_signup), a secret
		// the caller proves (need_status, need_mail_subscription: the status link's hash;
		// mail_unsubscribe, follow_confirm, follow_unsubscribe: the signed link; follow_request: a
		// signed context), a staff role (local_account_emails,
		// set_local_account_disabled, send_password_reset, move_supports), the caller's own claims (app_role), or the
		// device rules of the supports and abuse reports (set_device_support, report_abuse); or it
		// answers only what is public anyway (merged_need_ref: the public need a merged one became).
		const rows = await tryAsOwner(db, (tx) =>
			tx.query<{ fn: string }>(
				`select p.oid::regprocedure::text as fn
				 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				 where n.nspname in ('public', 'private') and p.prosecdef
				   and (has_function_privilege('anon', p.oid, 'EXECUTE')
				     or has_function_privilege('authenticated', p.oid, 'EXECUTE'))
				 order by 1`
			)
		);
		const names = [...new Set(rows.map((r) => r.fn.replace(/\(.*$/, '')))];
		expect(names).toEqual([
			'private.abuse_networks',
			'private.app_role',
			'private.data_version',
			'private.follow_confirm',
			'private.follow_request',
			'private.follow_unsubscribe',
			'private.local_account_emails',
			'private.mail_unsubscribe',
			'private.merged_need_ref',
			'private.move_supports',
			'private.need_mail_subscription',
			'private.need_status',
			'private.report_abuse',
			'private.send_password_reset',
			'private.set_device_support',
			'private.set_local_account_disabled',
			'private.staff_author',
			'private.submit_comment',
			'private.submit_need',
			'private.support_alerts',
			'private.volunteer_signup'
		]);
		expect(
			rows
				.map((r) => r.fn)
				.filter((fn) => /^private\.(mail_unsubscribe|submit_need|volunteer_signup)\(/.test(fn))
		).toEqual([
			'private.mail_unsubscribe(text)',
			'private.submit_need(jsonb)',
			'private.volunteer_signup(jsonb)'
		]);
	});

	describe('the guarded functions trust only a signed context', () => {
		const bad = (): [string, unknown][] => {
			const ctx = context(secret);
			return [
				['no context', undefined],
				['null', null],
				['a string', 'trust me'],
				['signed with another secret', signContext('z'.repeat(64), ctx.d, ctx.i)],
				['another device', { ...ctx, d: hex('someone else') }],
				['another network', { ...ctx, i: hex('another network') }],
				['stale', signContext(secret, ctx.d, ctx.i, Date.now() - 10 * 60_000)],
				['unsigned', { d: ctx.d, i: ctx.i, t: ctx.t }]
			];
		};

		it.each(CALLERS)(
			'as %s: submit_need and volunteer_signup refuse a missing, forged, altered or stale context (42501)',
			async (_, who) => {
				const out = await scenario(who, async (tx, fx) => {
					const states: string[] = [];
					for (const [, ctx] of bad()) {
						states.push(await submit(tx, report(fx, { ctx })));
						states.push(await submit(tx, report(fx, { ctx, consultation: fx.consultation })));
						states.push(await signup(tx, volunteer(fx, { ctx })));
					}
					return states;
				});
				expect(out).toEqual(Array(out.length).fill('42501'));
				expect(out.length).toBe(24);
			}
		);

		it.each(CALLERS)(
			'as %s: with a valid context a report, an answer and a sign-up go through',
			async (_, who) => {
				const out = await scenario(who, async (tx, fx) => {
					const states = [
						await submit(tx, report(fx)),
						await submit(tx, report(fx, { consultation: fx.consultation })),
						await signup(tx, volunteer(fx))
					];
					await asOwnerAgain(tx);
					const [mine] = await tx.query<{ n: number }>(
						"select count(*)::int as n from public.needs where title = 'GUARD zgłoszenie' and created_by is not distinct from $1",
						[who.sub ?? null]
					);
					return { states, mine: mine.n };
				});
				expect(out).toEqual({ states: ['ok', 'ok', 'ok'], mine: 2 });
			}
		);

		it('caller-chosen limits are ignored: an empty or huge rate_limits is still limited by the stored rules', async () => {
			const two = [{ count: 2, seconds: 600 }];
			const out = await scenario(
				anon,
				async (tx, fx) => {
					const device = hex(`one browser ${randomUUID()}`);
					const ctx = () => context(secret, { device });
					const reports: string[] = [];
					for (const rate_limits of [[], [], [], [{ count: 1000, seconds: 1 }]]) {
						reports.push(
							await submit(tx, report(fx, { ctx: ctx(), rate_limits, rate_buckets: [] }))
						);
					}
					const signups: string[] = [];
					for (let n = 0; n < 3; n++) {
						signups.push(
							await signup(tx, volunteer(fx, { ctx: ctx(), rate_limits: [], rate_buckets: [] }))
						);
					}
					return { reports, signups };
				},
				{ report_device: two, volunteer_device: two }
			);
			expect(out).toEqual({
				reports: ['ok', 'ok', 'MZ429', 'MZ429'],
				signups: ['ok', 'ok', 'MZ429']
			});
		});

		it('a report without a device (an API client without the cookie) takes the network limit only and registers nothing', async () => {
			const out = await scenario(
				anon,
				async (tx, fx) => {
					const ip = hex(`api client ${randomUUID()}`);
					const states: string[] = [];
					for (let n = 0; n < 3; n++) {
						states.push(
							await submit(tx, report(fx, { ctx: context(secret, { device: null, ip }) }))
						);
					}
					await asOwnerAgain(tx);
					const [{ n }] = await tx.query<{ n: number }>(
						'select count(*)::int as n from private.devices where first_ip_hash = $1',
						[ip]
					);
					return { states, devices: n };
				},
				{ report_device: [{ count: 1, seconds: 600 }], report_ip: [{ count: 2, seconds: 600 }] }
			);
			expect(out).toEqual({ states: ['ok', 'ok', 'MZ429'], devices: 0 });
		});

		it('new browser identities per network are limited on every guarded write', async () => {
			const out = await scenario(
				anon,
				async (tx, fx) => {
					const ip = hex(`script ${randomUUID()}`);
					const states: string[] = [];
					for (let n = 0; n < 3; n++) {
						states.push(await submit(tx, report(fx, { ctx: context(secret, { ip }) })));
					}
					states.push(await signup(tx, volunteer(fx, { ctx: context(secret, { ip }) })));
					return states;
				},
				{ device_new_ip: [{ count: 2, seconds: 600 }] }
			);
			expect(out).toEqual(['ok', 'ok', 'MZ429', 'MZ429']);
		});

		it('only the operator switches a scope off ([]); a scope without a rule refuses (fail closed)', async () => {
			const off = await scenario(
				anon,
				async (tx, fx) => {
					const device = hex(`bench ${randomUUID()}`);
					const states: string[] = [];
					for (let n = 0; n < 4; n++) {
						states.push(await submit(tx, report(fx, { ctx: context(secret, { device }) })));
					}
					return states;
				},
				{ report_device: [], report_ip: [] }
			);
			expect(off).toEqual(['ok', 'ok', 'ok', 'ok']);
			const missing = await tryAsOwner(db, async (tx) => {
				const fx = await arrange(tx);
				await tx.query("delete from private.rate_rules where scope = 'report_ip'");
				await enterRole(tx, anon);
				return submit(tx, report(fx));
			});
			expect(missing).toBe('42501');
		});
	});

	describe('limits from the environment', () => {
		it('applyRateRules stores the RATE_LIMIT_* settings in their scopes; `off` stores []; other scopes keep theirs', async () => {
			const stored = await tryAsOwner(db, async (tx) => {
				const before = await tx.query<{ limits: unknown }>(
					"select limits from private.rate_rules where scope = 'abuse_device'"
				);
				const env = readEnv({
					RATE_LIMIT_REPORTS: '3/1m',
					RATE_LIMIT_REPORTS_IP: 'off',
					RATE_LIMIT_CONSULTATION: '7/5m',
					RATE_LIMIT_NEW_DEVICES: '50/10m,100/1d'
				});
				await applyRateRules(tx, env.rateLimits);
				const rows = await tx.query<{ scope: string; limits: unknown }>(
					'select scope, limits from private.rate_rules order by scope'
				);
				return {
					before: before[0].limits,
					rules: Object.fromEntries(rows.map((r) => [r.scope, r.limits]))
				};
			});
			expect(stored.rules).toMatchObject({
				report_device: [{ count: 3, seconds: 60 }],
				volunteer_device: [{ count: 3, seconds: 60 }],
				report_ip: [],
				volunteer_ip: [],
				consultation_device: [{ count: 7, seconds: 300 }],
				consultation_ip: [{ count: 600, seconds: 600 }],
				device_new_ip: [
					{ count: 50, seconds: 600 },
					{ count: 100, seconds: 86400 }
				]
			});
			expect(stored.rules.abuse_device).toEqual(stored.before);
		});

		it('the defaults of the environment are the defaults of the migration', async () => {
			const same = await tryAsOwner(db, async (tx) => {
				const read = () =>
					tx.query<{ scope: string; limits: unknown }>(
						'select scope, limits from private.rate_rules order by scope'
					);
				const migration = await read();
				await applyRateRules(tx, readEnv({}).rateLimits);
				return { migration, env: await read() };
			});
			expect(same.env).toEqual(same.migration);
		});
	});

	it('after 9,999 reports of the year and an owner import that kept its own numbers, submit_need gives a new unique five-digit ref', async () => {
		const year = new Date().getFullYear();
		const out = await tryAsOwner(db, async (tx) => {
			const fx = await arrange(tx);
			// The year's counter as 9,999 reports leave it (setting it stands in for inserting them),
			// and imported rows holding KR-…-1000 (what a four-digit cut makes of 10000) and
			// KR-…-10000 (the counter's next number, so it must be skipped, not reused).
			await tx.query(
				`insert into private.need_ref_counters (region_id, year, last_value)
				 values ($1::bigint, $2, 9999)
				 on conflict (region_id, year) do update set last_value = 9999`,
				[fx.region, year]
			);
			await tx.query(
				`insert into public.needs (region_id, kind, category, title, point, ref)
				 select $1::bigint, 'need', 'seniorzy', 'GUARD import ' || n, ${IN_KRAMSK}, $2 || n
				 from unnest(array['1000', '10000']) n`,
				[fx.region, `KR-${year}-`]
			);
			await enterRole(tx, anon);
			const [{ v }] = await tx.query<{ v: { ref: string } }>(
				'select private.submit_need($1::text::jsonb) as v',
				[JSON.stringify(report(fx))]
			);
			await asOwnerAgain(tx);
			const [counts] = await tx.query<{ total: number; distinct_refs: number }>(
				`select count(*)::int as total, count(distinct ref)::int as distinct_refs
				 from public.needs where ref like $1`,
				[`KR-${year}-%`]
			);
			return { ref: v.ref, ...counts };
		});
		expect(out.ref).toMatch(new RegExp(`^KR-${year}-\\d{5,}$`));
		expect(out.ref).toBe(`KR-${year}-10001`);
		expect(out.distinct_refs).toBe(out.total);
	});
});
