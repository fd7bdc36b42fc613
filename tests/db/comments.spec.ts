import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterRole } from '../../src/lib/server/db/claims.ts';
import type { Claims, Database, Tx } from '../../src/lib/server/db/types.ts';
import { signContext } from '../../src/lib/server/guard/context.ts';
import { backends, claims, sqlState } from './backends.ts';
import { hex, readSecret } from './guard-helpers.ts';

// Residents' comments in SQL, as PostgREST would run them: written only through
// private.submit_comment with a context the app server signed (rate limits, idempotency key),
// public only once approved (the default) or at once in the "publish" mode, moderated by editors,
// official replies by editors, and abuse reports that hide a comment by the rule of needs.
// Every scenario runs in one transaction that is rolled back.

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const { anon, resident, organizer, council, admin } = claims;
const TITLE = 'Test komentarzy';
type Become = (who: Claims | 'owner') => Promise<void>;
class Rollback extends Error {}

const SUBMIT = 'select private.submit_comment($1::text::jsonb) as v';
const REPORT = "select private.report_abuse(null, $1, $2::text::jsonb, 'offensive') as v";

describe.each(backends)('comments on $name', (backend) => {
	let db: Database;
	let secret: string;
	/** A context the app server would sign for this device (a name) on this network (a name). */
	const ctx = (device: string | null, network: string) =>
		signContext(secret, device === null ? null : hex(device), hex(network));
	/** A comment payload as the form action sends it; a new key, browser and network each time. */
	const comment = (ref: string, over: Record<string, unknown> = {}) => {
		const key = randomUUID();
		return {
			ref,
			nickname: 'Sąsiadka',
			body: 'Też tu chodzę codziennie, przydałby się chodnik.',
			idempotency_key: key,
			request_hash: hex(`payload-${key}`),
			ctx: ctx(`device-${key}`, `network-${key}`),
			...over
		};
	};

	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => {
		await db?.close();
	});

	/** A published need (its ref) as the owner, then `act` as `who`; everything is rolled back. */
	async function scenario<T>(
		who: Claims,
		act: (tx: Tx, need: { id: string; ref: string }, become: Become) => Promise<T>
	): Promise<T> {
		let result: T | undefined;
		await db
			.asOwner(async (tx) => {
				const [need] = await tx.query<{ id: string; ref: string }>(
					`insert into public.needs (region_id, kind, category, title, point, status)
					 select r.id, 'need', 'seniorzy', $1, ${IN_KRAMSK}, 'published'
					 from public.regions r where r.slug = 'kramsk' returning id::text as id, ref`,
					[`${TITLE} ${randomUUID()}`]
				);
				const become: Become = async (w) => {
					if (w !== 'owner') return enterRole(tx, w);
					await tx.query("select set_config('role', 'none', true)");
				};
				await become(who);
				result = await act({ query: tx.query }, need, become);
				throw new Rollback();
			})
			.catch((e) => {
				if (!(e instanceof Rollback)) throw e;
			});
		return result as T;
	}
	/** The SQLSTATE of one statement inside a scenario, without aborting the transaction. */
	const probe = async (tx: Tx, sql: string, params: unknown[] = []) => {
		await tx.query('savepoint probe');
		const state = await sqlState(tx.query(sql, params));
		await tx.query(state === 'ok' ? 'release savepoint probe' : 'rollback to savepoint probe');
		return state;
	};
	const submit = async (tx: Tx, p: Record<string, unknown>) =>
		(
			await tx.query<{ v: { id: number; visible: boolean; replayed: boolean } }>(SUBMIT, [
				JSON.stringify(p)
			])
		)[0].v;
	const visibleBodies = async (tx: Tx, ref: string) => {
		const [{ v }] = await tx.query<{ v: { body: string; is_official: boolean }[] }>(
			'select public.need_comments_json($1) as v',
			[ref]
		);
		const rows = await tx.query<{ body: string }>(
			'select c.body from public.need_comments c join public.needs n on n.id = c.need_id where n.ref = $1',
			[ref]
		);
		expect(rows.map((r) => r.body).sort()).toEqual(v.map((c) => c.body).sort());
		return v;
	};

	it('in the default mode a comment waits: anon and residents read it only after an editor approves', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			const sent = await submit(tx, comment(need.ref));
			const before = await visibleBodies(tx, need.ref);
			await become(resident);
			const residentBefore = await visibleBodies(tx, need.ref);
			await become(council);
			const councilSees = await tx.query('select id from public.need_comments where id = $1', [
				sent.id
			]);
			const councilApproves = await probe(tx, 'select public.approve_comment($1)', [sent.id]);
			await become(organizer);
			await tx.query('select public.approve_comment($1)', [sent.id]);
			await become(anon);
			const after = await visibleBodies(tx, need.ref);
			await become('owner');
			const audit = await tx.query<{ action: string }>(
				"select action from public.audit_log where table_name = 'need_comments' and row_id = $1 order by id",
				[String(sent.id)]
			);
			return { sent, before, residentBefore, councilSees, councilApproves, after, audit };
		});
		expect(out.sent.visible).toBe(false);
		expect(out.before).toEqual([]);
		expect(out.residentBefore).toEqual([]);
		expect(out.councilSees).toHaveLength(1);
		expect(out.councilApproves).toBe('42501');
		expect(out.after.map((c) => c.body)).toEqual([comment('x').body]);
		expect(out.audit.map((a) => a.action)).toEqual(['insert', 'update']);
	});

	it('in the publish mode a comment is public at once, and hidden comments leave every public view', async () => {
		const out = await scenario(organizer, async (tx, need, become) => {
			await tx.query("select public.set_comment_mode('kramsk', 'publish')");
			await become(anon);
			const mode = await tx.query<{ m: string }>("select public.comment_mode('kramsk') as m");
			const sent = await submit(tx, comment(need.ref));
			const shown = await visibleBodies(tx, need.ref);
			await become(organizer);
			await tx.query('select public.hide_comment($1)', [sent.id]);
			await become(anon);
			const hidden = await visibleBodies(tx, need.ref);
			return { mode: mode[0].m, sent, shown: shown.length, hidden: hidden.length };
		});
		expect(out).toMatchObject({ mode: 'publish', shown: 1, hidden: 0 });
		expect(out.sent.visible).toBe(true);
	});

	it('comments of a need that is not public are neither accepted nor shown', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			await become(organizer);
			await tx.query("select public.set_comment_mode('kramsk', 'publish')");
			await become(anon);
			await submit(tx, comment(need.ref));
			await become('owner');
			await tx.query(
				"update public.needs set hidden_at = now(), hidden_reason = 'moderator' where id = $1",
				[need.id]
			);
			await become(anon);
			return {
				shown: (await visibleBodies(tx, need.ref)).length,
				submit: await probe(tx, SUBMIT, [JSON.stringify(comment(need.ref))]),
				unknown: await probe(tx, SUBMIT, [JSON.stringify(comment('KR-1999-0001'))])
			};
		});
		expect(out).toEqual({ shown: 0, submit: 'MZ404', unknown: 'MZ404' });
	});

	it('anon and residents write no comments directly, call no moderation, and never read devices or networks', async () => {
		for (const who of [anon, resident]) {
			const out = await scenario(who, async (tx, need, become) => {
				await become('owner');
				const [{ id }] = await tx.query<{ id: number }>(
					"insert into public.need_comments (need_id, body) values ($1, 'Czekam') returning id",
					[need.id]
				);
				await become(who);
				return {
					insert: await probe(
						tx,
						"insert into public.need_comments (need_id, body, approved_at) values ($1, 'x', now())",
						[need.id]
					),
					update: await probe(
						tx,
						'update public.need_comments set approved_at = now() where id = $1',
						[id]
					),
					pendingRows: (await tx.query('select id from public.need_comments where id = $1', [id]))
						.length,
					approve: await probe(tx, 'select public.approve_comment($1)', [id]),
					hide: await probe(tx, 'select public.hide_comment($1)', [id]),
					reply: await probe(tx, "select public.post_official_reply($1, 'Oficjalnie')", [need.id]),
					mode: await probe(tx, "select public.set_comment_mode('kramsk', 'publish')"),
					queue:
						who === anon
							? await probe(tx, "select public.comment_queue('kramsk')")
							: (await tx.query<{ v: unknown[] }>("select public.comment_queue('kramsk') as v"))[0]
									.v,
					reports: await probe(
						tx,
						'insert into public.abuse_reports (comment_id, device_hash) values ($1, $2)',
						[id, hex('direct')]
					)
				};
			});
			expect(out).toEqual({
				insert: '42501',
				update: who === anon ? '42501' : 'ok',
				pendingRows: 0,
				approve: '42501',
				hide: '42501',
				reply: '42501',
				mode: '42501',
				queue: who === anon ? '42501' : [],
				reports: '42501'
			});
		}
		for (const who of [anon, resident, organizer, council, admin]) {
			const out = await scenario(who, async (tx) => ({
				origins: await probe(tx, 'select * from private.comment_origins'),
				abuse: await probe(tx, 'select * from private.abuse_origins'),
				devices: await probe(tx, 'select * from private.devices')
			}));
			expect(out).toEqual({ origins: '42501', abuse: '42501', devices: '42501' });
		}
	});

	it('an editor replies officially, shown at once; residents and council cannot', async () => {
		const out = await scenario(organizer, async (tx, need, become) => {
			await tx.query("select public.post_official_reply($1, 'Gmina planuje chodnik w 2027 r.')", [
				need.id
			]);
			await become(council);
			const council_ = await probe(tx, "select public.post_official_reply($1, 'x')", [need.id]);
			await become(anon);
			return { shown: await visibleBodies(tx, need.ref), council: council_ };
		});
		expect(out.council).toBe('42501');
		expect(out.shown).toMatchObject([
			{ body: 'Gmina planuje chodnik w 2027 r.', is_official: true }
		]);
	});

	it('keeps the body to 1,000 characters and the signed context like reports', async () => {
		const out = await scenario(anon, async (tx, need) => {
			const signed = ctx('d', 'n');
			return {
				long: await probe(tx, SUBMIT, [
					JSON.stringify(comment(need.ref, { body: 'a'.repeat(1001) }))
				]),
				blank: await probe(tx, SUBMIT, [JSON.stringify(comment(need.ref, { body: '   ' }))]),
				full: await probe(tx, SUBMIT, [
					JSON.stringify(comment(need.ref, { body: 'ą'.repeat(1000) }))
				]),
				unsigned: await probe(tx, SUBMIT, [
					JSON.stringify(comment(need.ref, { ctx: { d: signed.d, i: signed.i, t: signed.t } }))
				]),
				forged: await probe(tx, SUBMIT, [
					JSON.stringify(comment(need.ref, { ctx: { ...signed, i: hex('another') } }))
				])
			};
		});
		expect(out).toEqual({
			long: '23514',
			blank: '23514',
			full: 'ok',
			unsigned: '42501',
			forged: '42501'
		});
	});

	it('an idempotency key replays its first answer and refuses another payload', async () => {
		const out = await scenario(anon, async (tx, need) => {
			const first = comment(need.ref);
			const a = await submit(tx, first);
			const b = await submit(tx, { ...first, ctx: ctx('other device', 'other network') });
			const other = await probe(tx, SUBMIT, [
				JSON.stringify({ ...first, body: 'Inna treść', request_hash: hex('other payload') })
			]);
			await tx.query("select set_config('role', 'none', true)");
			const [{ n }] = await tx.query<{ n: number }>(
				'select count(*)::integer as n from public.need_comments where need_id = $1',
				[need.id]
			);
			return { a, b, other, n };
		});
		expect(out.b).toEqual({ id: out.a.id, visible: false, replayed: true });
		expect(out.a.replayed).toBe(false);
		expect(out.other).toBe('MZ409');
		expect(out.n).toBe(1);
	});

	it('limits comments per browser and per network from private.rate_rules', async () => {
		const out = await scenario(anon, async (tx, need, become) => {
			await become('owner');
			await tx.query(
				`update private.rate_rules set limits = case scope
				   when 'comment_device' then '[{"count": 2, "seconds": 600}]'::jsonb
				   else '[{"count": 3, "seconds": 600}]'::jsonb end
				 where scope in ('comment_device', 'comment_ip')`
			);
			await become(anon);
			const one = (device: string | null, network: string) =>
				probe(tx, SUBMIT, [JSON.stringify(comment(need.ref, { ctx: ctx(device, network) }))]);
			return [
				await one('phone', 'home'),
				await one('phone', 'home'),
				await one('phone', 'home'),
				await one('laptop', 'home'),
				await one(null, 'home'),
				await one(null, 'elsewhere')
			];
		});
		expect(out).toEqual(['ok', 'ok', 'MZ429', 'ok', 'MZ429', 'ok']);
	});

	it('abuse reports hide a comment only from three browsers on two networks; approving restores it', async () => {
		const out = await scenario(organizer, async (tx, need, become) => {
			await tx.query("select public.set_comment_mode('kramsk', 'publish')");
			await become(anon);
			const a = await submit(tx, comment(need.ref));
			const b = await submit(tx, comment(need.ref));
			const report = async (id: number, device: string, network: string) =>
				(
					await tx.query<{ v: { counted: boolean; hidden: boolean; flagged: boolean } }>(REPORT, [
						id,
						JSON.stringify(ctx(device, network))
					])
				)[0].v;
			// One network, three browsers: flagged for the moderators, still public.
			const sameNetwork = [
				await report(a.id, 'b1', 'hall'),
				await report(a.id, 'b2', 'hall'),
				await report(a.id, 'b2', 'hall'),
				await report(a.id, 'b3', 'hall')
			];
			// Two networks: hidden.
			const twoNetworks = [
				await report(b.id, 'c1', 'home'),
				await report(b.id, 'c2', 'home'),
				await report(b.id, 'c3', 'work')
			];
			const shown = (await visibleBodies(tx, need.ref)).length;
			const again = await probe(tx, REPORT, [b.id, JSON.stringify(ctx('c4', 'x'))]);
			// One report names a need or a comment, never both or neither.
			const targets = [
				await probe(tx, 'select private.report_abuse($1, $2, $3::text::jsonb, null)', [
					need.id,
					a.id,
					JSON.stringify(ctx('c5', 'x'))
				]),
				await probe(tx, 'select private.report_abuse(null, null, $1::text::jsonb, null)', [
					JSON.stringify(ctx('c5', 'x'))
				])
			];
			await become(organizer);
			const queue = (
				await tx.query<{ v: { id: number; abuse_reports: number }[] }>(
					"select public.comment_queue('kramsk') as v"
				)
			)[0].v.filter((c) => c.id === a.id || c.id === b.id);
			await tx.query('select public.approve_comment($1)', [b.id]);
			await become(anon);
			return {
				sameNetwork,
				twoNetworks,
				shown,
				again,
				targets,
				queue,
				restored: (await visibleBodies(tx, need.ref)).length
			};
		});
		expect(out.sameNetwork.map((r) => [r.counted, r.hidden, r.flagged])).toEqual([
			[true, false, false],
			[true, false, false],
			[false, false, false],
			[true, false, true]
		]);
		expect(out.twoNetworks.map((r) => r.hidden)).toEqual([false, false, true]);
		expect(out.shown).toBe(1);
		expect(out.again).toBe('MZ404');
		expect(out.targets).toEqual(['22023', '22023']);
		expect(out.queue.map((c) => c.abuse_reports)).toEqual([3, 3]);
		expect(out.restored).toBe(2);
	});

	it('the moderation mode is the default without a row, and only editors change it', async () => {
		const out = await scenario(council, async (tx, _need, become) => {
			const council_ = await probe(tx, "select public.set_comment_mode('kramsk', 'publish')");
			await become(anon);
			const first = (await tx.query<{ m: string }>("select public.comment_mode('kramsk') as m"))[0]
				.m;
			await become('owner');
			await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
			await become(admin);
			await tx.query("select public.set_comment_mode('kramsk', 'publish')");
			const bad = await probe(tx, "select public.set_comment_mode('kramsk', 'never')");
			await tx.query("select public.set_comment_mode('kramsk', 'approval')");
			return { council: council_, first, bad };
		});
		expect(out).toEqual({ council: '42501', first: 'approval', bad: '23514' });
	});
});
