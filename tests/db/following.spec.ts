import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claims, Database } from '../../src/lib/server/db/types.ts';
import type { MailEnv } from '../../src/lib/server/env.ts';
import { createMailer } from '../../src/lib/server/mail/mailer.ts';
import { signedToken, unsubscribeToken } from '../../src/lib/server/mail/tokens.ts';
import { backends, claims } from './backends.ts';
import { context, hex, readSecret } from './guard-helpers.ts';
import { ownerScenario, type OwnerScenario } from './owner-scenario.ts';

// Following a need in SQL: a request queues one confirmation (double opt-in); only a confirmed
// follower hears of a status change or an official reply, one message each; the one-click
// unsubscribe stops further messages and outlives the subscription until the person asks again
// and confirms by the new link; addresses stay in private tables no request role can read.

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const { anon, resident, organizer, council, admin } = claims;
const ROLES: [string, Claims][] = [
	['anon', anon],
	['resident', resident],
	['organizer', organizer],
	['council', council],
	['admin', admin]
];

interface Ctx extends Omit<OwnerScenario, 'attempt'> {
	/** A published need (with its first public event), by ref and id. */
	need(): Promise<{ id: string; ref: string }>;
	/** private.follow_request as anon, with a fresh signed context. */
	follow(ref: string, email: string): Promise<void>;
	subscription(email: string): Promise<string>;
	/** Messages addressed to `email` (any case), oldest first. */
	outbox(email: string): Promise<{ kind: string; need_status: string | null; state: string }[]>;
	/** The SQLSTATE of one statement (or 'ok'), in a savepoint so the transaction goes on. */
	attempt(sql: string, params?: unknown[]): Promise<string>;
}

/** One owner transaction (tests/db/owner-scenario.ts) with the steps of following a need. */
function scenario<T>(db: Database, secret: string, act: (c: Ctx) => Promise<T>): Promise<T> {
	return ownerScenario(db, async (o) => {
		const { tx, region, as } = o;
		await tx.query("insert into public.profiles (id, role) values ($1, 'admin')", [admin.sub]);
		return act({
			...o,
			async need() {
				const [row] = await tx.query<{ id: string; ref: string }>(
					`insert into public.needs (region_id, kind, category, title, point)
					 values ($1, 'need', 'seniorzy', 'Obserwowana ławka', ${IN_KRAMSK})
					 returning id::text as id, ref`,
					[region]
				);
				await o.setStatus(row.id, 'published');
				return row;
			},
			async follow(ref, email) {
				await as(anon);
				await tx.query('select private.follow_request($1::text::jsonb)', [
					JSON.stringify({ ref, email, locale: 'pl', ctx: context(secret) })
				]);
				await as('owner');
			},
			async subscription(email) {
				const [{ id }] = await tx.query<{ id: string }>(
					'select id::text as id from private.follow_subscriptions where email_hash = $1',
					[hex(email.trim().toLowerCase())]
				);
				return id;
			},
			attempt: async (sql, params) => {
				const r = await o.attempt(sql, params);
				return typeof r === 'string' ? r : 'ok';
			},
			outbox: (email) =>
				tx.query(
					`select kind, need_status, state from public.mail_outbox
					 where lower(to_email) = lower($1) order by id`,
					[email]
				)
		});
	});
}

describe.each(backends)('following a need on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => db?.close());

	const confirm = (c: Ctx, id: string) =>
		c
			.as(anon)
			.then(() =>
				c.tx.query('select * from private.follow_confirm($1)', [
					signedToken(secret, 'follow-confirm', id)
				])
			);

	/** How many suppressions (0 or 1) keep the address from the need's messages. */
	const suppressed = async (c: Ctx, email: string, need: string) => {
		const [{ n }] = await c.tx.query<{ n: number }>(
			`select count(*)::int as n from private.follow_unsubscribes
			 where email_hash = $1 and topic = $2`,
			[hex(email), `need:${need}`]
		);
		return n;
	};

	it('follow → confirm → status change puts exactly one message for that address in the outbox', async () => {
		const r = await scenario(db, secret, async (c) => {
			const need = await c.need();
			await c.follow(need.ref, ' Sasiadka@Example.org ');
			const requested = await c.outbox('sasiadka@example.org');
			// Not yet confirmed: a status change sends the follower nothing.
			await c.setStatus(need.id, 'in_analysis');
			const unconfirmed = await c.outbox('sasiadka@example.org');
			const id = await c.subscription('sasiadka@example.org');
			const confirmed = await confirm(c, id);
			await c.as('owner');
			await c.setStatus(need.id, 'planned');
			return { requested, unconfirmed, confirmed, after: await c.outbox('sasiadka@example.org') };
		});
		expect(r.requested).toEqual([{ kind: 'follow_confirm', need_status: null, state: 'pending' }]);
		expect(r.unconfirmed).toEqual(r.requested);
		expect(r.confirmed).toHaveLength(1);
		expect(r.after).toEqual([
			...r.requested,
			{ kind: 'follow_status', need_status: 'planned', state: 'pending' }
		]);
	});

	it('an official reply reaches each confirmed follower once, through private.notify_need_followers', async () => {
		const r = await scenario(db, secret, async (c) => {
			const need = await c.need();
			await c.follow(need.ref, 'a@example.org');
			await c.follow(need.ref, 'b@example.org');
			await confirm(c, await c.subscription('a@example.org'));
			// An organizer's official reply: the trigger on need_comments tells the followers.
			await c.as(claims.organizer);
			await c.tx.query('select public.post_official_reply($1, $2)', [
				need.id,
				'Odpowiedź oficjalna dla obserwujących'
			]);
			await c.as('owner');
			const [{ n }] = await c.tx.query<{ n: number }>(
				"select count(*)::int as n from public.mail_outbox o join private.follow_subscriptions s on s.id = o.subscription_id where o.kind = 'follow_reply' and s.need_id = $1",
				[need.id]
			);
			const denied = [];
			for (const [, who] of ROLES) {
				await c.as(who);
				denied.push(
					await c.attempt("select private.notify_need_followers($1, 'follow_reply')", [need.id])
				);
				await c.as('owner');
			}
			return { n, a: await c.outbox('a@example.org'), b: await c.outbox('b@example.org'), denied };
		});
		expect(r.n).toBe(1);
		expect(r.a.map((m) => m.kind)).toEqual(['follow_confirm', 'follow_reply']);
		expect(r.b.map((m) => m.kind)).toEqual(['follow_confirm']);
		expect(r.denied).toEqual(['42501', '42501', '42501', '42501', '42501']);
	});

	it('the unsubscribe link stops further messages, and the suppression outlives the subscription', async () => {
		const r = await scenario(db, secret, async (c) => {
			const need = await c.need();
			await c.follow(need.ref, 'jan@example.org');
			const id = await c.subscription('jan@example.org');
			await confirm(c, id);
			await c.as('owner');
			await c.setStatus(need.id, 'in_analysis');
			await c.as(anon);
			// A reporter's token is not a follower's, nor the reverse.
			const [{ wrong }] = await c.tx.query<{ wrong: boolean }>(
				'select private.follow_unsubscribe($1) as wrong',
				[unsubscribeToken(secret, id)]
			);
			const [{ right }] = await c.tx.query<{ right: boolean }>(
				'select private.follow_unsubscribe($1) as right',
				[signedToken(secret, 'follow-unsubscribe', id)]
			);
			await c.as('owner');
			const left = await c.tx.query('select 1 from private.follow_subscriptions where id = $1', [
				id
			]);
			await c.setStatus(need.id, 'planned');
			return {
				wrong,
				right,
				left,
				n: await suppressed(c, 'jan@example.org', need.id),
				outbox: await c.outbox('jan@example.org')
			};
		});
		expect(r.wrong).toBe(false);
		expect(r.right).toBe(true);
		expect(r.left).toEqual([]);
		expect(r.n).toBe(1);
		// The subscription's messages went with it; nothing new after the unsubscribe.
		expect(r.outbox).toEqual([]);
	});

	it('asking again after unsubscribing sends a new confirmation; only its link lifts the suppression', async () => {
		const r = await scenario(db, secret, async (c) => {
			const need = await c.need();
			await c.follow(need.ref, 'ewa@example.org');
			const first = await c.subscription('ewa@example.org');
			await confirm(c, first);
			await c.as(anon);
			await c.tx.query('select private.follow_unsubscribe($1)', [
				signedToken(secret, 'follow-unsubscribe', first)
			]);
			await c.as('owner');
			await c.follow(need.ref, 'Ewa@example.org');
			const asked = await c.outbox('ewa@example.org');
			const second = await c.subscription('ewa@example.org');
			// Before the new link is followed the topic stays suppressed: no status mail.
			await c.setStatus(need.id, 'in_analysis');
			const waiting = await c.outbox('ewa@example.org');
			// Neither the old confirmation link, nor the new subscription's unsubscribe token, nor a
			// forged one confirms anything or lifts the suppression.
			const denied = [];
			for (const token of [
				signedToken(secret, 'follow-confirm', first),
				signedToken(secret, 'follow-unsubscribe', second),
				signedToken('z'.repeat(64), 'follow-confirm', second)
			]) {
				await c.as(anon);
				denied.push((await c.tx.query('select * from private.follow_confirm($1)', [token])).length);
			}
			await c.as('owner');
			const stillSuppressed = await suppressed(c, 'ewa@example.org', need.id);
			const confirmed = await confirm(c, second);
			await c.as('owner');
			const lifted = await suppressed(c, 'ewa@example.org', need.id);
			await c.setStatus(need.id, 'planned');
			const after = await c.outbox('ewa@example.org');
			// The one-click unsubscribe still stops mail again.
			await c.as(anon);
			await c.tx.query('select private.follow_unsubscribe($1)', [
				signedToken(secret, 'follow-unsubscribe', second)
			]);
			await c.as('owner');
			await c.setStatus(need.id, 'in_progress');
			return {
				first,
				second,
				asked,
				waiting,
				denied,
				stillSuppressed,
				confirmed,
				lifted,
				after,
				again: await suppressed(c, 'ewa@example.org', need.id),
				last: await c.outbox('ewa@example.org')
			};
		});
		expect(r.second).not.toBe(r.first);
		expect(r.asked).toEqual([{ kind: 'follow_confirm', need_status: null, state: 'pending' }]);
		expect(r.waiting).toEqual(r.asked);
		expect(r.denied).toEqual([0, 0, 0]);
		expect(r.stillSuppressed).toBe(1);
		expect(r.confirmed).toHaveLength(1);
		expect(r.lifted).toBe(0);
		expect(r.after).toEqual([
			...r.asked,
			{ kind: 'follow_status', need_status: 'planned', state: 'pending' }
		]);
		expect(r.again).toBe(1);
		expect(r.last).toEqual([]);
	});

	it('a second request within the hour sends no second confirmation', async () => {
		const rows = await scenario(db, secret, async (c) => {
			const need = await c.need();
			await c.follow(need.ref, 'x@example.org');
			await c.follow(need.ref, 'X@example.org');
			return c.outbox('x@example.org');
		});
		expect(rows).toHaveLength(1);
	});

	it('refuses needs that are not public, bad addresses and unsigned requests', async () => {
		const r = await scenario(db, secret, async (c) => {
			const need = await c.need();
			await c.setStatus(need.id, 'rejected');
			await c.as(anon);
			const call = (p: object) =>
				c.attempt('select private.follow_request($1::text::jsonb)', [JSON.stringify(p)]);
			return {
				rejected: await call({ ref: need.ref, email: 'a@example.org', ctx: context(secret) }),
				unknown: await call({ ref: 'KR-1999-0001', email: 'a@example.org', ctx: context(secret) }),
				email: await call({ ref: need.ref, email: 'nie-adres', ctx: context(secret) }),
				unsigned: await call({ region: 'kramsk', village: null, email: 'a@example.org' })
			};
		});
		expect(r).toEqual({ rejected: '22023', unknown: '22023', email: '22023', unsigned: '42501' });
	});

	it('no request role reads the addresses; only admins read the outbox', async () => {
		const r = await scenario(db, secret, async (c) => {
			const need = await c.need();
			await c.follow(need.ref, 'private@example.org');
			const out: Record<string, [string, string, number]> = {};
			for (const [name, who] of ROLES) {
				await c.as(who);
				const subs = await c.attempt('select * from private.follow_subscriptions');
				const unsubs = await c.attempt('select * from private.follow_unsubscribes');
				const outbox =
					(await c.attempt('select 1 from public.mail_outbox')) === 'ok'
						? (
								await c.tx.query(
									"select 1 from public.mail_outbox where to_email = 'private@example.org'"
								)
							).length
						: -1;
				out[name] = [subs, unsubs, outbox];
				await c.as('owner');
			}
			return out;
		});
		expect(r).toEqual({
			anon: ['42501', '42501', -1],
			resident: ['42501', '42501', 0],
			organizer: ['42501', '42501', 0],
			council: ['42501', '42501', 0],
			admin: ['42501', '42501', 1]
		});
	});

	it('a forged confirmation link confirms nothing', async () => {
		const rows = await scenario(db, secret, async (c) => {
			await c.as(anon);
			return c.tx.query('select * from private.follow_confirm($1)', [
				signedToken('another secret', 'follow-confirm', randomUUID())
			]);
		});
		expect(rows).toEqual([]);
	});

	it('the daily digest lists the needs published the day before, once per day, only for its village', async () => {
		const r = await scenario(db, secret, async (c) => {
			const [here, there] = await c.tx.query<{ id: string; slug: string }>(
				`select l.id::text as id, l.slug from public.localities l
				 join public.regions r on r.id = l.region_id where r.slug = 'kramsk'
				 order by l.slug limit 2`
			);
			const subscribe = async (email: string, village: string | null) => {
				await c.as(anon);
				await c.tx.query('select private.follow_request($1::text::jsonb)', [
					JSON.stringify({ region: 'kramsk', village, email, ctx: context(secret) })
				]);
				await c.as('owner');
			};
			await subscribe('tutaj@example.org', here.slug);
			await subscribe('gmina@example.org', null);
			await subscribe('tam@example.org', there.slug);
			await subscribe('niepotwierdzony@example.org', here.slug);
			for (const email of ['tutaj@example.org', 'gmina@example.org', 'tam@example.org']) {
				await confirm(c, await c.subscription(email));
				await c.as('owner');
			}
			await c.as('owner');
			const need = await c.need();
			await c.tx.query('update public.needs set locality_id = $2 where id = $1', [
				need.id,
				here.id
			]);
			const day = "(now() at time zone 'Europe/Warsaw')::date + 1";
			const [{ first }] = await c.tx.query<{ first: number }>(
				`select private.build_digests(${day}) as first`
			);
			const [{ again }] = await c.tx.query<{ again: number }>(
				`select private.build_digests(${day}) as again`
			);
			const digests = await c.tx.query<{
				to_email: string;
				items: { ref: string; path: string }[];
			}>(
				`select to_email, payload -> 'items' as items from public.mail_outbox
				 where kind = 'digest' order by to_email`
			);
			return { first, again, digests, ref: need.ref };
		});
		expect(r.first).toBe(2);
		expect(r.again).toBe(0);
		expect(r.digests.map((d) => d.to_email)).toEqual(['gmina@example.org', 'tutaj@example.org']);
		for (const d of r.digests) {
			expect(d.items).toContainEqual({
				title: 'Obserwowana ławka',
				ref: r.ref,
				path: `/potrzeby/${r.ref}`
			});
		}
	});

	it('the mailer renders the confirmation and the status message, each with its unsubscribe link', async () => {
		const email = `mailer-${randomUUID()}@example.org`;
		const [need] = await db.asOwner((tx) =>
			tx.query<{ id: string; ref: string }>(
				`insert into public.needs (region_id, kind, category, title, point, status)
				 select id, 'need', 'seniorzy', 'Ławka przy szkole', ${IN_KRAMSK}, 'published'
				 from public.regions where slug = 'kramsk' returning id::text as id, ref`
			)
		);
		await db.asUser(anon, (tx) =>
			tx.query('select private.follow_request($1::text::jsonb)', [
				JSON.stringify({ ref: need.ref, email, locale: 'en', ctx: context(secret) })
			])
		);
		const env: MailEnv = {
			smtp: undefined,
			from: 'CUS <p@kramsk.test>',
			baseUrl: 'http://mapa.test'
		};
		const mailer = createMailer(db, env);
		await mailer.drain();
		const [{ id }] = await db.asOwner((tx) =>
			tx.query<{ id: string }>(
				'select id::text as id from private.follow_subscriptions where email_hash = $1',
				[hex(email)]
			)
		);
		await db.asUser(anon, (tx) =>
			tx.query('select * from private.follow_confirm($1)', [
				signedToken(secret, 'follow-confirm', id)
			])
		);
		await db.asOwner((tx) =>
			tx.query("update public.needs set status = 'in_analysis' where id = $1", [need.id])
		);
		await mailer.drain();
		mailer.close();
		const rows = await db.asOwner((tx) =>
			tx.query<{ kind: string; state: string; subject: string; body_text: string }>(
				`select kind, state, subject, body_text from public.mail_outbox
				 where to_email = $1 order by id`,
				[email]
			)
		);
		expect(rows.map((m) => [m.kind, m.state])).toEqual([
			['follow_confirm', 'held'],
			['follow_status', 'held']
		]);
		const unsubscribe = `http://mapa.test/en/wypisz/${signedToken(secret, 'follow-unsubscribe', id)}`;
		expect(rows[0].subject).toBe(`Confirm notifications: report ${need.ref} “Ławka przy szkole”`);
		expect(rows[0].body_text).toContain(
			`http://mapa.test/en/obserwuj/${signedToken(secret, 'follow-confirm', id)}`
		);
		expect(rows[1].subject).toBe(`Report ${need.ref}: Under review`);
		expect(rows[1].body_text).toContain(`http://mapa.test/en/potrzeby/${need.ref}`);
		for (const m of rows) expect(m.body_text).toContain(unsubscribe);
	});
});
