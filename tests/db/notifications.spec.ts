import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claims, Database } from '../../src/lib/server/db/types.ts';
import { listOutbox, requeue } from '../../src/lib/server/mail/outbox.ts';
import { unsubscribeToken } from '../../src/lib/server/mail/tokens.ts';
import { backends, claims } from './backends.ts';
import { context, hex, readSecret } from './guard-helpers.ts';
import { ownerScenario, type OwnerScenario } from './owner-scenario.ts';

// Status e-mails in SQL: a status change of a need whose reporter left an e-mail address
// enqueues exactly one message in public.mail_outbox, in the same transaction; nothing for
// phone-only or unsubscribed reporters; the outbox is readable by admins only.

const IN_KRAMSK = 'extensions.st_setsrid(extensions.st_makepoint(18.4267, 52.2650), 4326)';
const { anon, resident, organizer, council, admin } = claims;

interface Ctx extends OwnerScenario {
	need(contact?: {
		email?: string | null;
		phone?: string | null;
		locale?: string;
	}): Promise<string>;
	outbox(need: string): Promise<
		{
			to_email: string;
			locale: string;
			need_status: string;
			state: string;
			last_error: string | null;
		}[]
	>;
}

/** One owner transaction (tests/db/owner-scenario.ts) with needs whose reporters leave contacts. */
function scenario<T>(db: Database, act: (c: Ctx) => Promise<T>): Promise<T> {
	return ownerScenario(db, async (o) => {
		const { tx, region } = o;
		await tx.query("insert into public.profiles (id, role) values ($1, 'admin'), ($2, 'council')", [
			admin.sub,
			council.sub
		]);
		return act({
			...o,
			async need(contact) {
				const [{ id }] = await tx.query<{ id: string }>(
					`insert into public.needs (region_id, kind, category, title, point)
					 values ($1, 'need', 'seniorzy', 'Powiadomienia test', ${IN_KRAMSK}) returning id::text as id`,
					[region]
				);
				if (contact) {
					await tx.query(
						`insert into public.need_contacts (need_id, email, phone, consent_text, locale)
						 values ($1, $2, $3, 'zgoda', $4)`,
						[id, contact.email ?? null, contact.phone ?? null, contact.locale ?? 'pl']
					);
				}
				return id;
			},
			outbox: (need) =>
				tx.query(
					'select to_email, locale, need_status, state, last_error from public.mail_outbox where need_id = $1 order by id',
					[need]
				)
		});
	});
}

describe.each(backends)('notifications on $name', (backend) => {
	let db: Database;
	let secret: string;
	beforeAll(async () => {
		db = await backend.open();
		secret = await readSecret(db);
	});
	afterAll(async () => db?.close());

	it('a status change of a need with an e-mail contact enqueues exactly one message, in the reporter’s language', async () => {
		const result = await scenario(db, async (c) => {
			const need = await c.need({ email: 'Reporter@Example.org', locale: 'en' });
			const afterInsert = await c.outbox(need);
			await c.setStatus(need, 'published');
			const afterChange = await c.outbox(need);
			// Not a status change: another column, the same status again, a reply with a note.
			await c.as(organizer);
			await c.tx.query("update public.needs set description = 'Nowy opis' where id = $1", [need]);
			await c.tx.query("update public.needs set status = 'published' where id = $1", [need]);
			await c.tx.query(
				"insert into public.need_events (need_id, status, note) values ($1, 'published', 'Dziękujemy')",
				[need]
			);
			await c.as('owner');
			return { afterInsert, afterChange, afterOthers: await c.outbox(need) };
		});
		expect(result.afterInsert).toEqual([]);
		const expected = {
			to_email: 'Reporter@Example.org',
			locale: 'en',
			need_status: 'published',
			state: 'pending',
			last_error: null
		};
		expect(result.afterChange).toEqual([expected]);
		expect(result.afterOthers).toEqual([expected]);
	});

	it('a newer status change supersedes a message still waiting', async () => {
		const rows = await scenario(db, async (c) => {
			const need = await c.need({ email: 'a@example.org' });
			await c.setStatus(need, 'published');
			await c.setStatus(need, 'in_analysis');
			return c.outbox(need);
		});
		expect(rows.map((r) => [r.need_status, r.state, r.last_error])).toEqual([
			['published', 'cancelled', 'superseded'],
			['in_analysis', 'pending', null]
		]);
	});

	it('no e-mail address (phone only, or no contact at all): no message', async () => {
		const rows = await scenario(db, async (c) => {
			const phoneOnly = await c.need({ phone: '+48 600 000 000' });
			const none = await c.need();
			await c.setStatus(phoneOnly, 'published');
			await c.setStatus(none, 'rejected');
			return [...(await c.outbox(phoneOnly)), ...(await c.outbox(none))];
		});
		expect(rows).toEqual([]);
	});

	it('an unsubscribed address gets nothing, for any of its needs; waiting messages are cancelled', async () => {
		const result = await scenario(db, async (c) => {
			const first = await c.need({ email: 'jan@example.org' });
			const second = await c.need({ email: ' JAN@example.org ' });
			await c.setStatus(second, 'published');
			await c.as(anon);
			await c.tx.query('select private.mail_unsubscribe($1)', [unsubscribeToken(secret, first)]);
			await c.as('owner');
			await c.setStatus(first, 'published');
			await c.setStatus(second, 'in_analysis');
			const [{ n }] = await c.tx.query<{ n: number }>(
				'select count(*)::int as n from private.mail_unsubscribes where email_hash = $1',
				[hex('jan@example.org')]
			);
			return { first: await c.outbox(first), second: await c.outbox(second), n };
		});
		expect(result.n).toBe(1);
		expect(result.first).toEqual([]);
		expect(result.second.map((r) => [r.state, r.last_error])).toEqual([
			['cancelled', 'unsubscribed']
		]);
	});

	it('erasing the contact erases the messages addressed to it', async () => {
		const rows = await scenario(db, async (c) => {
			const need = await c.need({ email: 'a@example.org' });
			await c.setStatus(need, 'published');
			await c.as(organizer);
			await c.tx.query('delete from public.need_contacts where need_id = $1', [need]);
			await c.as('owner');
			return c.outbox(need);
		});
		expect(rows).toEqual([]);
	});

	it('a message that cannot be queued never fails the status change', async () => {
		const result = await scenario(db, async (c) => {
			// Too short for the outbox's check: the enqueue fails inside its own exception block.
			const need = await c.need({ email: 'a@' });
			await c.setStatus(need, 'published');
			const [{ status }] = await c.tx.query<{ status: string }>(
				'select status from public.needs where id = $1',
				[need]
			);
			return { status, rows: await c.outbox(need) };
		});
		expect(result).toEqual({ status: 'published', rows: [] });
	});

	it('a report stores the reporter’s language with the contact; its first event queues nothing', async () => {
		const submit = (locale: string | undefined) => {
			const key = randomUUID();
			return {
				region: 'kramsk',
				kind: 'need',
				category: 'seniorzy',
				title: 'Powiadomienia test',
				description: '',
				lon: 18.4267,
				lat: 52.265,
				contact_email: 'ola@example.org',
				consent_text: 'zgoda',
				idempotency_key: key,
				request_hash: hex(`payload-${key}`),
				token_hash: hex(`token-${key}`),
				ctx: context(secret),
				photo: null,
				...(locale ? { locale } : {})
			};
		};
		const rows = await scenario(db, async (c) => {
			await c.as(anon);
			const ids: string[] = [];
			for (const locale of ['en', 'pl', undefined, 'de']) {
				const [{ v }] = await c.tx.query<{ v: { need_id: string } }>(
					'select private.submit_need($1::text::jsonb) as v',
					[JSON.stringify(submit(locale))]
				);
				ids.push(v.need_id);
			}
			await c.as('owner');
			return c.tx.query<{ locale: string; queued: number }>(
				`select c.locale, (select count(*)::int from public.mail_outbox o where o.need_id = c.need_id) as queued
				 from unnest($1::uuid[]) with ordinality as i(id, n)
				 join public.need_contacts c on c.need_id = i.id order by i.n`,
				[ids]
			);
		});
		expect(rows).toEqual([
			{ locale: 'en', queued: 0 },
			{ locale: 'pl', queued: 0 },
			{ locale: 'pl', queued: 0 },
			{ locale: 'pl', queued: 0 }
		]);
	});

	it('the status link tells whether its reporter gets e-mails (for the unsubscribe link on the status page)', async () => {
		const result = await scenario(db, async (c) => {
			const withEmail = await c.need({ email: 'z@example.org' });
			const phoneOnly = await c.need({ phone: '600000000' });
			for (const [need, token] of [
				[withEmail, 'a'],
				[phoneOnly, 'b']
			]) {
				await c.tx.query(
					'insert into private.need_status_tokens (token_hash, need_id) values ($1, $2)',
					[hex(token), need]
				);
			}
			const ask = async (token: string) => {
				await c.as(anon);
				const [{ v }] = await c.tx.query<{ v: string | null }>(
					'select private.need_mail_subscription($1)::text as v',
					[hex(token)]
				);
				await c.as('owner');
				return v;
			};
			const before = [await ask('a'), await ask('b'), await ask('unknown')];
			await c.tx.query('select private.mail_unsubscribe($1)', [
				unsubscribeToken(secret, withEmail)
			]);
			return { withEmail, before, after: await ask('a') };
		});
		expect(result.before).toEqual([result.withEmail, null, null]);
		expect(result.after).toBeNull();
	});

	it('the admin lists the outbox and queues a failed message again; an organizer can do neither', async () => {
		const result = await scenario(db, async (c) => {
			const need = await c.need({ email: 'a@example.org' });
			await c.setStatus(need, 'rejected');
			await c.tx.query(
				"update public.mail_outbox set state = 'failed', attempts = 8, last_error = '550 no such user' where need_id = $1",
				[need]
			);
			const [{ id }] = await c.tx.query<{ id: string }>(
				'select id::text as id from public.mail_outbox where need_id = $1',
				[need]
			);
			await c.as(organizer);
			const organizerSees = (await listOutbox(c.tx)).filter((r) => r.id === id);
			const organizerRequeued = await requeue(c.tx, id);
			await c.as(admin);
			const listed = (await listOutbox(c.tx)).find((r) => r.id === id);
			const adminRequeued = await requeue(c.tx, id);
			const [after] = await c.tx.query(
				'select state, attempts, last_error from public.mail_outbox where id = $1',
				[id]
			);
			return { organizerSees, organizerRequeued, listed, adminRequeued, after };
		});
		expect(result.organizerSees).toEqual([]);
		expect(result.organizerRequeued).toBe(false);
		expect(result.listed).toMatchObject({
			to_email: 'a@example.org',
			need_status: 'rejected',
			state: 'failed',
			attempts: 8,
			last_error: '550 no such user'
		});
		expect(result.listed?.need_ref).toMatch(/^KR-\d{4}-\d{4}$/);
		expect(result.adminRequeued).toBe(true);
		expect(result.after).toEqual({ state: 'pending', attempts: 0, last_error: null });
	});

	describe('RLS on public.mail_outbox', () => {
		/** What `who` reads and updates, with one queued message present. */
		const probe = (who: Claims) =>
			scenario(db, async (c) => {
				const need = await c.need({ email: 'a@example.org' });
				await c.setStatus(need, 'published');
				await c.as(who);
				const read = await c.attempt('select to_email from public.mail_outbox where need_id = $1', [
					need
				]);
				const updated = await c.attempt(
					"update public.mail_outbox set state = 'pending', attempts = 0 where need_id = $1 returning id",
					[need]
				);
				return {
					read: typeof read === 'string' ? read : read.map((r) => r.to_email),
					updated: typeof updated === 'string' ? updated : updated.length
				};
			});

		it.each([
			['anon', anon, { read: '42501', updated: '42501' }],
			['resident', resident, { read: [], updated: 0 }],
			['organizer', organizer, { read: [], updated: 0 }],
			['council', council, { read: [], updated: 0 }],
			['admin', admin, { read: ['a@example.org'], updated: 1 }]
		])('%s', async (_, who, expected) => {
			expect(await probe(who)).toEqual(expected);
		});

		it('nobody inserts or deletes through the API, and only the retry columns are updatable', async () => {
			const insert =
				"insert into public.mail_outbox (need_id, to_email, need_status) values ($1, 'x@example.org', 'new')";
			const states = await scenario(db, async (c) => {
				const need = await c.need({ email: 'a@example.org' });
				await c.setStatus(need, 'published');
				const out: unknown[] = [];
				for (const [who, sql] of [
					[admin, insert],
					[organizer, insert],
					[admin, 'delete from public.mail_outbox where need_id = $1'],
					[admin, "update public.mail_outbox set to_email = 'x@example.org' where need_id = $1"],
					[admin, "update public.mail_outbox set body_text = 'x' where need_id = $1"]
				] as const) {
					await c.as(who);
					out.push(await c.attempt(sql, [need]));
				}
				return out;
			});
			expect(states).toEqual(['42501', '42501', '42501', '42501', '42501']);
		});

		it('anyone may call the unsubscribe function, but only the signed link unsubscribes: a need id or a forged token changes nothing', async () => {
			const result = await scenario(db, async (c) => {
				const need = await c.need({ email: 'a@example.org' });
				const other = await c.need({ email: 'b@example.org' });
				const genuine = unsubscribeToken(secret, need);
				const [, signature] = genuine.split('.');
				const out: Record<string, unknown> = {};
				for (const [name, who] of [
					['anon', anon],
					['resident', resident]
				] as const) {
					await c.as(who);
					const call = (sql: string, token: unknown) =>
						c.attempt(sql, [token]).then((r) => (typeof r === 'string' ? r : r[0].v));
					const ask = (token: unknown) => call('select private.mail_unsubscribe($1) as v', token);
					out[name] = {
						needId: await ask(need),
						otherNeedsSignature: await ask(`${other}.${signature}`),
						forged: await ask(unsubscribeToken('z'.repeat(64), other)),
						damaged: await ask(`${genuine.slice(0, -1)}${genuine.endsWith('A') ? 'E' : 'A'}`),
						oldSignature: await call('select private.mail_unsubscribe($1::uuid) as v', need)
					};
				}
				await c.as('owner');
				const suppressed = async () =>
					(
						await c.tx.query<{ n: number }>(
							'select count(*)::int as n from private.mail_unsubscribes where email_hash = any ($1)',
							[[hex('a@example.org'), hex('b@example.org')]]
						)
					)[0].n;
				const before = await suppressed();
				await c.as(anon);
				const genuineResult = await c.attempt('select private.mail_unsubscribe($1) as v', [
					genuine
				]);
				await c.as('owner');
				return { out, before, genuineResult, after: await suppressed() };
			});
			const refused = {
				needId: false,
				otherNeedsSignature: false,
				forged: false,
				damaged: false,
				oldSignature: '42883'
			};
			expect(result.out).toEqual({ anon: refused, resident: refused });
			expect(result.before).toBe(0);
			expect(result.genuineResult).toEqual([{ v: true }]);
			expect(result.after).toBe(1);
		});
	});
});
